package dev.pgstate.reconcilers.core.connect;

import dev.pgstate.reconcilers.core.failure.EngineException;

/** The agent could not open a connection; the message is one line that names the target and never the password. */
public final class ConnectionException extends EngineException {

    private static final long serialVersionUID = 1L;

    public ConnectionException(String message, Throwable cause) {
        super(Kind.RUNTIME, message, cause);
    }
}
