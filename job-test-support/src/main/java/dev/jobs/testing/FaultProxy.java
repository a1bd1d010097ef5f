package dev.jobs.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a server, which a test can take down and bring back. Taking it down closes
 * every connection and refuses new ones, which clients experience as a crashed or unreachable server. Only
 * this test's connections are affected, never the shared server behind it.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean silent;

    public FaultProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port for the fault proxy", e);
        }
        up();
    }

    public int port() {
        return port;
    }

    /** Accepts and forwards connections again on the same port. */
    public synchronized void up() {
        silent = false;
        if (server != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = socket;
        } catch (IOException e) {
            throw new IllegalStateException("Fault proxy could not listen on port " + port, e);
        }
        Thread.ofPlatform().daemon().name("fault-proxy-" + port).start(this::acceptLoop);
        log.info("Fault proxy {} -> {} up", port, target);
    }

    /** Closes every connection and refuses new ones until {@link #up()}. */
    public synchronized void down() {
        closeQuietly(server);
        server = null;
        sockets.forEach(FaultProxy::closeQuietly);
        sockets.clear();
        log.info("Fault proxy {} -> {} down", port, target);
    }

    /**
     * Closes every connection, then accepts new ones and keeps them open without sending or forwarding a byte, which
     * clients experience as a hung server. The port keeps listening throughout, so no other socket can take it.
     */
    public synchronized void silence() {
        up();
        silent = true;
        sockets.forEach(FaultProxy::closeQuietly);
        sockets.clear();
        log.info("Fault proxy {} -> {} silent", port, target);
    }

    private void acceptLoop() {
        ServerSocket listening = server;
        while (listening != null && !listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                return;
            }
            // Registered before anything else, so a later silence() or down() closes it.
            sockets.add(client);
            if (!silent) {
                forward(client);
            }
        }
    }

    /** Connects the client to the target and copies bytes both ways, unless the proxy went silent or down meanwhile. */
    private void forward(Socket client) {
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            upstream.connect(target, 2000);
        } catch (IOException e) {
            log.debug("Fault proxy {} failed to connect to {}: {}", port, target, e.getMessage());
            closeQuietly(client);
            closeQuietly(upstream);
            sockets.remove(client);
            sockets.remove(upstream);
            return;
        }
        if (silent || client.isClosed()) {
            closeQuietly(upstream);
            sockets.remove(upstream);
            return;
        }
        pipe(client, upstream);
        pipe(upstream, client);
    }

    private void pipe(Socket from, Socket to) {
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side closed, or the proxy went down: end both directions.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        });
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is best effort; the socket is unusable either way.
        }
    }

    @Override
    public void close() {
        down();
    }
}
