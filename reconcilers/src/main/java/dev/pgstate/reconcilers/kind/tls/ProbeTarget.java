package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.connect.Connector;

/**
 * Where the TLS probe asks the server for its certificate: the host the agent connects to, or localhost when it
 * connects over a Unix socket (which has no TLS); the agent's port, or the server's own.
 */
public record ProbeTarget(String host, int port) {

    /** @param serverPort the port the server says it listens on */
    public static ProbeTarget of(Connector connector, int serverPort) {
        String host = connector.settings().host();
        Integer port = connector.settings().port();
        return new ProbeTarget(host == null || host.startsWith("/") ? "localhost" : host,
                port != null ? port : serverPort);
    }
}
