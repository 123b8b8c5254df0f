package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.sql.ServerError;
import dev.pgstate.reconcilers.core.failure.SqlState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide "pgstate apply" lock: a session-level advisory lock held on its own connection until
 * {@link #close()} (or until that connection ends, when the server releases it anyway).
 *
 * <p>Advisory locks live in one database: two agents that lock in different databases do not exclude each
 * other. Every agent must therefore lock in the same database; the CLI uses its connection's database, by
 * default {@code postgres}.
 */
public final class AdvisoryLock implements AutoCloseable {

    /** Fixed key of the apply lock: the ASCII bytes of "pgstate" followed by 0x01 (lock number 1). */
    public static final long APPLY_KEY = 0x7067_7374_6174_6501L;

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLock.class);

    private final Connection connection;

    private AdvisoryLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the apply lock on {@code connection}, which the lock then owns and closes, waiting at most
     * {@code maxWait} for another holder to let go.
     *
     * @throws ConcurrentApplyException when another session still holds it after {@code maxWait}
     */
    public static AdvisoryLock acquire(Connection connection, Duration maxWait) throws SQLException {
        try {
            connection.setAutoCommit(true);
            if (maxWait.isZero()) {
                tryOnce(connection, maxWait);
            } else {
                waitFor(connection, maxWait);
            }
            return new AdvisoryLock(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static void waitFor(Connection connection, Duration maxWait) throws SQLException {
        // lock_timeout bounds the wait of pg_advisory_lock; 0 would mean "forever", hence tryOnce for zero
        setLockTimeout(connection, maxWait.toMillis() + "ms");
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, APPLY_KEY);
            lock.execute();
        } catch (SQLException e) {
            if (SqlState.LOCK_NOT_AVAILABLE.is(e)) {
                throw new ConcurrentApplyException(maxWait, e);
            }
            throw e;
        }
        setLockTimeout(connection, "0");
    }

    private static void tryOnce(Connection connection, Duration maxWait) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, APPLY_KEY);
            try (var rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new ConcurrentApplyException(maxWait, null);
                }
            }
        }
    }

    private static void setLockTimeout(Connection connection, String value) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
            set.setString(1, value);
            set.execute();
        }
    }

    /**
     * Releases the lock and closes its connection; failures are only logged, as ending the session frees it. A
     * session already gone took the lock with it, which is no cause for a warning: a restart of the apply's own ends
     * it, and the unlock then reads the server's goodbye over TCP (57P01, "terminating connection due to
     * administrator command") or writes to a closed Unix socket (class 08, "Broken pipe").
     */
    @Override
    public void close() {
        try (connection; PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, APPLY_KEY);
            unlock.execute();
        } catch (SQLException e) {
            if (SqlState.isConnectionException(e.getSQLState()) || SqlState.ADMIN_SHUTDOWN.is(e)) {
                LOG.debug("the apply lock's session had already ended, and the lock with it: {}",
                        ServerError.of(e).describe());
            } else {
                LOG.warn("could not release the apply lock cleanly; the server frees it with the session: {}",
                        ServerError.of(e).describe());
            }
        }
    }
}
