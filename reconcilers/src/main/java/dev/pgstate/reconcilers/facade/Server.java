package dev.pgstate.reconcilers.facade;

import dev.pgstate.reconcilers.core.connect.Connector;

/**
 * A server the engine works on, its connection resolved once (flags, then PG* variables, then a spec's connection
 * block); see {@link Engine#server}.
 */
public final class Server {

    private final Connector connector;

    Server(Connector connector) {
        this.connector = connector;
    }

    /** The socket path or host:port, for messages. */
    public String describe() {
        return connector.settings().target();
    }

    Connector connector() {
        return connector;
    }
}
