package dev.pgstate.reconcilers.converge;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session opened before the apply that a restart the agent asked for may end: closing it then fails (over the
 * Unix socket with "Broken pipe"), which is expected and must not replace the apply's own result.
 */
record SessionBeforeRestart(Connection connection) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionBeforeRestart.class);

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("the session opened before the apply ended with the server: {}", e.getMessage());
        }
    }
}
