package dev.pgstate.reconcilers.core.apply;

import java.sql.Connection;

/**
 * A change of {@code Execution.AUTOCOMMIT} with work of its own in every database before its statements, such as a
 * role's drop that first hands what the role owns to its heir.
 */
public interface PreparedAlone {

    /** @throws InDatabaseException naming the database where it failed */
    void prepare(Connection maintenance, DatabaseConnections connections, StatementRunner runner)
            throws InDatabaseException;
}
