package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.plan.Effect;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agent makes the server read its config files again, and knows it has: the signal, then this session's
 * {@code pg_conf_load_time()} moving on (the postmaster passes the signal to every backend, which takes the new
 * configuration between two queries). A reload not seen within {@code patience} is a failure: whoever wrote the
 * files puts the previous ones back, since the server may still be on the old ones, or read the new ones at any time.
 *
 * @param signal   asks the server to reload; tests give one that is never delivered
 * @param patience how long this session may take to show the reload
 */
public record ServerReload(Signal signal, Duration patience) {

    /** {@code pg_reload_conf()}, and a minute: a loaded box takes a while, and a slow one is not a failure. */
    public static final ServerReload STANDARD = new ServerReload(ServerReload::pgReloadConf, Duration.ofSeconds(60));

    private static final long LONGEST_PAUSE_MS = 50;

    /** Opens a new session the way the agent connects; fails when the server takes none. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    /** Sends the reload signal to the postmaster. */
    @FunctionalInterface
    public interface Signal {
        void send(Connection connection) throws SQLException;
    }

    public ServerReload {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(patience, "patience");
    }

    /** @throws EffectFailedException when the server could not be signalled, or did not show the reload in time */
    public void reloadAndWait(Connection connection) throws SQLException {
        Timestamp before = timestamp(connection, "SELECT pg_catalog.pg_conf_load_time()");
        signal.send(connection);
        long deadline = System.nanoTime() + patience.toNanos();
        // a reload shows within milliseconds on an idle server: look again soon, then less often
        long pauseMs = 1;
        while (!timestamp(connection, "SELECT pg_catalog.pg_conf_load_time()").after(before)) {
            if (System.nanoTime() > deadline) {
                throw new EffectFailedException(Effect.RELOAD, "the server did not reload its configuration within "
                        + patience.toSeconds() + " s of pg_reload_conf() (pg_conf_load_time() did not move)", null);
            }
            try {
                Thread.sleep(pauseMs);
                pauseMs = Math.min(2 * pauseMs, LONGEST_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EffectFailedException(Effect.RELOAD, "interrupted while waiting for the server to reload", e);
            }
        }
    }

    /**
     * How a message that the previous configuration is back ends when its reload failed too ({@code again}): a server
     * that refuses a new session is not running, and the agent starts none that nothing it applied needed restarted,
     * so it says so rather than promise a reload that cannot come; any other server reads the files at its next reload.
     */
    public static String afterUnconfirmedPutBack(Exception again, Opener opener) {
        try (Connection fresh = opener.open()) {
            return unconfirmed(again);
        } catch (SQLException | RuntimeException down) {
            if (!refused(down)) { // a server stopped or too busy to answer in time still runs
                return unconfirmed(again);
            }
            return ", but the server is not running (a new connection fails: " + down.getMessage() + "): it reads the "
                    + "previous configuration when it is started; the agent starts no server that nothing it applied "
                    + "needed restarted";
        }
    }

    private static String unconfirmed(Exception again) {
        return ", but its reload was not confirmed either (" + again.getMessage()
                + "): the server reads it at its next reload";
    }

    /**
     * Nothing listens where the server should: its socket refuses the connection (a Unix socket's refusal reaches the
     * driver as a plain socket error, named only in its message).
     */
    private static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("Connection refused")) {
                return true;
            }
        }
        return false;
    }

    /** False when the postmaster could not be signalled (the server logs why); waiting would only time out. */
    private static void pgReloadConf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_catalog.pg_reload_conf()")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new EffectFailedException(Effect.RELOAD,
                        "pg_reload_conf() could not signal the postmaster (see the server log)", null);
            }
        }
    }

    private static Timestamp timestamp(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }
}
