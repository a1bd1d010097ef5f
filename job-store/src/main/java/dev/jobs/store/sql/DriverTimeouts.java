package dev.jobs.store.sql;

import java.util.Map;

/**
 * PostgreSQL JDBC driver settings that bound every wait on the server, for the services' connection pools. Without
 * them the driver waits forever on a server that accepts connections but never replies, such as a frozen host. A
 * connection opened then hangs in its login, HikariCP opens no other connection meanwhile, and the pool stays dead
 * after the server is back.
 */
public final class DriverTimeouts {

    /**
     * The settings, as driver properties: 10 s to connect, 10 s to log in, and 300 s for any one read of a statement's
     * reply, far above the services' statements, which take milliseconds. TCP keepalive finds dead idle connections.
     * NOTE: migrations run on the same pools, so one statement of a migration may not run longer than 300 s.
     */
    public static final Map<String, String> PROPERTIES = Map.of(
            "connectTimeout", "10",
            "loginTimeout", "10",
            "socketTimeout", "300",
            "tcpKeepAlive", "true");

    private DriverTimeouts() {
    }
}
