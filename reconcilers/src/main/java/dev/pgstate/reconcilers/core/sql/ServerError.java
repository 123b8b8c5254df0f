package dev.pgstate.reconcilers.core.sql;

import dev.pgstate.reconcilers.core.failure.FailureCause;
import dev.pgstate.reconcilers.core.failure.SqlState;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What the server (or the driver, for a lost connection) said about a failed statement: SQLSTATE, message and
 * the DETAIL line, which names the objects that block e.g. a DROP ROLE.
 */
public record ServerError(String sqlState, String message, String detail) implements FailureCause {

    /** No connection was made at all, so none was lost. */
    private static final Set<SqlState> NEVER_CONNECTED = EnumSet.of(
            SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
            SqlState.SQLSERVER_REJECTED_ESTABLISHMENT_OF_SQLCONNECTION);

    public static ServerError of(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server != null) {
            return new ServerError(server.getSQLState(), oneLine(server.getMessage()),
                    server.getDetail() == null ? null : oneLine(server.getDetail()));
        }
        return new ServerError(e.getSQLState(), fromClient(e), null);
    }

    /** pgjdbc's own message, plus the root cause when it adds something, e.g. "No such file or directory". */
    private static String fromClient(SQLException e) {
        String text = oneLine(String.valueOf(e.getMessage()));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root == e || root.getMessage() == null ? "" : oneLine(root.getMessage());
        if (cause.isEmpty() || text.contains(cause)) {
            return text;
        }
        return (text.endsWith(".") ? text.substring(0, text.length() - 1) : text) + ": " + cause;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * SQLSTATE class 08 is raised by the driver when the socket is gone (except when no connection was ever made);
     * 57P01 when the server ended the session.
     */
    @Override
    public boolean connectionLost() {
        return (SqlState.isConnectionException(sqlState) && NEVER_CONNECTED.stream().noneMatch(s -> s.is(sqlState)))
                || SqlState.ADMIN_SHUTDOWN.is(sqlState);
    }

    /** One line for people: "lost the connection …" or "message (SQLSTATE x); DETAIL: …". */
    @Override
    public String describe() {
        String text = (connectionLost() ? "lost the connection to the server: " : "") + message
                + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")");
        return detail == null ? text : text + "; DETAIL: " + detail;
    }
}
