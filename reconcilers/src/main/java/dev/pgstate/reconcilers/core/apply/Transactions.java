package dev.pgstate.reconcilers.core.apply;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Clean-up after a failed statement that must not hide the failure itself, e.g. on a connection already lost. */
public final class Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    private Transactions() {
    }

    public static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed (the server rolls back an ended session itself): {}", e.getMessage());
        }
    }

    public static void autocommitQuietly(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("could not return to autocommit: {}", e.getMessage());
        }
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the connection failed: {}", e.getMessage());
        }
    }
}
