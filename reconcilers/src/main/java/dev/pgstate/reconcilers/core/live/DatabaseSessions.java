package dev.pgstate.reconcilers.core.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Opens sessions to the cluster's other databases, for what is kept per database (extensions, schemas, grants). */
@FunctionalInterface
public interface DatabaseSessions {

    /** Every database that takes connections (template0 does not), for an export. */
    String CONNECTABLE = "SELECT datname::text FROM pg_catalog.pg_database WHERE datallowconn ORDER BY datname";

    /** The databases an export reads, from the agent's {@code session}. */
    static List<String> connectable(Connection session) throws SQLException {
        return CatalogQuery.list(session, CONNECTABLE, rs -> rs.getString(1));
    }

    /**
     * A new session in {@code database}, as the agent's user; the caller closes it.
     *
     * @throws SQLException with the server's SQLSTATE, e.g. 3D000 when there is no such database
     */
    Connection open(String database) throws SQLException;
}
