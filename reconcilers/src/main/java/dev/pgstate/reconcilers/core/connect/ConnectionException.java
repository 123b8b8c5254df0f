package dev.pgstate.reconcilers.core.connect;

/** The agent could not open a connection; the message is one line that names the target and never the password. */
public final class ConnectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
