package dev.pgstate.reconcilers.core.connect;

import dev.pgstate.reconcilers.core.failure.EngineException;
import dev.pgstate.reconcilers.core.failure.SqlState;
import java.sql.SQLException;

/** The agent could not open a connection; the message is one line that names the target and never the password. */
public final class ConnectionException extends EngineException {

    private static final long serialVersionUID = 1L;

    public ConnectionException(String message, Throwable cause) {
        super(Kind.RUNTIME, message, cause);
    }

    /** The driver's failure, with the server's SQLSTATE when it gave one (3D000: no such database). */
    public static SQLException sqlCause(ConnectionException e) {
        return e.getCause() instanceof SQLException cause ? cause : new SQLException(e.getMessage(),
                SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.code(), e);
    }
}
