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

    public static boolean queueExists(String queue) throws Exception {
        return declaresPassively(channel -> channel.queueDeclarePassive(queue));
    }

    public static boolean exchangeExists(String exchange) throws Exception {
        return declaresPassively(channel -> channel.exchangeDeclarePassive(exchange));
    }

    private interface PassiveDeclaration {
        void declare(Channel channel) throws IOException;
    }

    /**
     * Returns whether a passive declaration succeeds. Declaring a missing queue or exchange passively closes the channel
     * with 404, which the client raises as an IOException.
     */
    private static boolean declaresPassively(PassiveDeclaration declaration) throws Exception {
        try (Connection connection = broker(); Channel channel = connection.createChannel()) {
            declaration.declare(channel);
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
