package dev.pgstate.reconcilers.core.live;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens sessions to the cluster's other databases, for what is kept per database (extensions, schemas, grants). */
@FunctionalInterface
public interface DatabaseSessions {

    /**
     * A new session in {@code database}, as the agent's user; the caller closes it.
     *
     * @throws SQLException with the server's SQLSTATE, e.g. 3D000 when there is no such database
     */
    Connection open(String database) throws SQLException;
}
