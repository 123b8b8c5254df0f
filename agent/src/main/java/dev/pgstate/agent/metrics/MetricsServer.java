package dev.pgstate.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} (Prometheus text) and {@code GET /health} on the JDK's own HTTP server: one dispatcher
 * thread and no framework, which is all a scrape every few seconds needs on a small box.
 */
public final class MetricsServer implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Binds {@code address} (port 0 picks a free port) and serves until {@link #close()}. */
    public static MetricsServer start(InetSocketAddress address, DaemonMetrics metrics) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape()));
        server.createContext("/health", exchange -> {
            Health health = metrics.health();
            respond(exchange, health.httpStatus(), "application/json", health.json());
        });
        server.start();
        return new MetricsServer(server);
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
    }
}
