package dev.jobs.bench.stack;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Tells whether a bench left a database, a queue or an exchange behind on the local services. */
public final class Leftovers {

    private Leftovers() {
    }

    public static boolean databaseExists(String name) throws Exception {
        try (var connection = DriverManager.getConnection(BenchStack.ADMIN_URL, "postgres", "");
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1) > 0;
            }
        }
    }

    /**
     * Returns whether the queue exists. A passive declaration of a missing queue closes the channel with 404, which the
     * client raises as an IOException.
     */
    public static boolean queueExists(String queue) throws Exception {
        try (Connection connection = broker(); Channel channel = connection.createChannel()) {
            channel.queueDeclarePassive(queue);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean exchangeExists(String exchange) throws Exception {
        try (Connection connection = broker(); Channel channel = connection.createChannel()) {
            channel.exchangeDeclarePassive(exchange);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Connection broker() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(BenchStack.AMQP_URI);
        return factory.newConnection("bench-leftovers-check");
    }
}
