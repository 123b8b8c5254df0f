package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.connect.Connector;

/**
 * Where the TLS probe asks the server for its certificate: the host the agent connects to, or localhost when it
 * connects over a Unix socket (which has no TLS); the agent's port, or the server's own.
 */
record ProbeTarget(String host, int port) {

    /** @param serverPort the port the server says it listens on */
    static ProbeTarget of(Connector connector, int serverPort) {
        return of(connector.settings().host(), connector.settings().port(), serverPort);
    }

    /**
     * @param host       the host the agent connects to, or a Unix socket's directory
     * @param port       the port the agent connects to, null when it names none
     * @param serverPort the port the server says it listens on
     */
    static ProbeTarget of(String host, Integer port, int serverPort) {
        return new ProbeTarget(host == null || host.startsWith("/") ? "localhost" : host,
                port != null ? port : serverPort);
    }
}
