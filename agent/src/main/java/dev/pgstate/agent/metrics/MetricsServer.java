package dev.pgstate.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /metrics} (Prometheus text) and {@code GET /health} on the JDK's own HTTP server, no framework,
 * which is all a scrape every few seconds needs on a small box; bounded in time and connections, so a slow or
 * greedy client cannot keep the answer from another.
 */
public final class MetricsServer implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** Time a client has to send its request (and to take the answer) before the server hangs up. */
    static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(5);
    /** Open connections at most; one more is closed as soon as it is accepted. */
    static final int MAX_CONNECTIONS = 16;

    static {
        // The JDK server takes its limits only from these properties, read once when its first instance is
        // made; without them one half-open request holds a connection for ever. An operator's -D still wins.
        limit("sun.net.httpserver.maxReqTime", MAX_REQUEST_TIME.toSeconds());
        limit("sun.net.httpserver.maxRspTime", MAX_REQUEST_TIME.toSeconds());
        limit("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
    }

    private final HttpServer server;
    private final ExecutorService workers;

    private MetricsServer(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    private static void limit(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and serves until {@link #close()}. Each connection is
     * read on a worker thread of its own (the JDK's default reads requests on its one dispatcher thread, so
     * a slow client stalled everyone); the connection limit bounds the workers.
     */
    public static MetricsServer start(InetSocketAddress address, DaemonMetrics metrics) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService workers = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "metrics-http");
                    thread.setDaemon(true);
                    return thread;
                });
        server.setExecutor(workers);
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape()));
        server.createContext("/health", exchange -> {
            Health health = metrics.health();
            respond(exchange, health.httpStatus(), "application/json", health.json());
        });
        server.start();
        return new MetricsServer(server, workers);
    }

    /** Where it listens, with the actual port. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
