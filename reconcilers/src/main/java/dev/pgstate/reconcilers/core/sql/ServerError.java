package dev.pgstate.reconcilers.core.sql;

import java.sql.SQLException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What the server (or the driver, for a lost connection) said about a failed statement: SQLSTATE, message and
 * the DETAIL line, which names the objects that block e.g. a DROP ROLE.
 */
public record ServerError(String sqlState, String message, String detail) {

    /** 2BP01: DROP ROLE or DROP OWNED found objects that still depend on the role. */
    public static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";
    /** 57P01: the backend was terminated, e.g. by pg_terminate_backend or a fast shutdown. */
    public static final String ADMIN_SHUTDOWN = "57P01";
    /** F0000: a config file the server would not load; also what the agent reports for its own checks of one. */
    public static final String CONFIG_FILE_ERROR = "F0000";
    /** 55P03: lock_timeout expired. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    /** 08001 and 08004: no connection was made at all, so none was lost. */
    private static final Set<String> NEVER_CONNECTED = Set.of("08001", "08004");

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
    public boolean connectionLost() {
        return sqlState != null && ((sqlState.startsWith("08") && !NEVER_CONNECTED.contains(sqlState))
                || sqlState.equals(ADMIN_SHUTDOWN));
    }

    /** One line for people: "lost the connection …" or "message (SQLSTATE x); DETAIL: …". */
    public String describe() {
        String text = (connectionLost() ? "lost the connection to the server: " : "") + message
                + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")");
        return detail == null ? text : text + "; DETAIL: " + detail;
    }
}
