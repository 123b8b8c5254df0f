package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.converge.LiveState;

/**
 * Where the TLS probe asks the server for its certificate: the host the agent connects to, or localhost when it
 * connects over a Unix socket (which has no TLS); the agent's port, or the server's own.
 */
record ProbeTarget(String host, int port) {

    static ProbeTarget of(Connector connector, LiveState live) {
        String host = connector.settings().host();
        Integer port = connector.settings().port();
        return new ProbeTarget(host == null || host.startsWith("/") ? "localhost" : host, port != null ? port
                : live.settings().parameter("port").map(p -> Integer.parseInt(p.setting())).orElse(5432));
    }
}
