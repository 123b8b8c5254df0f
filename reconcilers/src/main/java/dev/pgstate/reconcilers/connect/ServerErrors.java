package dev.pgstate.reconcilers.connect;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns an SQLException into one line of text: the server's words and SQLSTATE, or the client-side cause. */
public final class ServerErrors {

    private ServerErrors() {
    }

    /**
     * {@code FATAL: Peer authentication failed for user "postgres" (SQLSTATE 28000)}; a server DETAIL is kept,
     * its lines joined, because it names what blocks the statement (e.g. the objects a role still owns).
     */
    public static String describe(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        String text = server != null ? fromServer(server) : fromClient(e);
        return e.getSQLState() == null ? text : text + " (SQLSTATE " + e.getSQLState() + ")";
    }

    private static String fromServer(ServerErrorMessage server) {
        String text = server.getSeverity() + ": " + oneLine(server.getMessage());
        return server.getDetail() == null ? text : text + "; DETAIL: " + oneLine(server.getDetail());
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
}
