package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.reconcilers.core.apply.DatabaseConnections;
import dev.pgstate.reconcilers.core.apply.InDatabaseException;
import dev.pgstate.reconcilers.core.apply.StatementRunner;
import dev.pgstate.reconcilers.core.apply.Transactions;
import dev.pgstate.reconcilers.kind.role.DropRole;
import dev.pgstate.reconcilers.kind.role.RoleStatements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands what a role owns to its heir and drops its privileges, in every database that accepts connections,
 * each database in its own transaction. The role itself is dropped only afterwards, by the caller: if one
 * database fails, the role and the databases not yet handled stay as they are, and the next run resumes
 * (REASSIGN and DROP OWNED do nothing where the role owns nothing).
 */
final class OwnedObjects {

    // datconnlimit = -2 marks a database left invalid by an interrupted DROP DATABASE: it cannot be entered
    private static final String CONNECTABLE_DATABASES =
            "SELECT datname FROM pg_database WHERE datallowconn AND datconnlimit <> -2 ORDER BY datname";

    private final DatabaseConnections connections;
    private final StatementRunner runner;

    public OwnedObjects(DatabaseConnections connections, StatementRunner runner) {
        this.connections = connections;
        this.runner = runner;
    }

    /** Throws {@link InDatabaseException} naming the database where it failed. */
    public void release(Connection maintenance, DropRole drop) throws InDatabaseException {
        List<String> statements = RoleStatements.releaseOwned(drop.role(), drop.reassignOwnedTo());
        for (String database : connectableDatabases(maintenance)) {
            try {
                if (database.equals(connections.maintenanceDatabase())) {
                    inTransaction(maintenance, drop, statements);
                } else {
                    try (Connection other = connections.open(database)) {
                        inTransaction(other, drop, statements);
                    }
                }
            } catch (SQLException e) {
                throw new InDatabaseException(database, e);
            }
        }
    }

    private void inTransaction(Connection connection, DropRole drop, List<String> statements) throws SQLException {
        connection.setAutoCommit(false);
        try {
            runner.run(connection, drop, statements);
            connection.commit();
        } catch (SQLException e) {
            Transactions.rollbackQuietly(connection);
            throw e;
        } finally {
            Transactions.autocommitQuietly(connection);
        }
    }

    private static List<String> connectableDatabases(Connection maintenance) throws InDatabaseException {
        List<String> names = new ArrayList<>();
        try (Statement statement = maintenance.createStatement();
             ResultSet rs = statement.executeQuery(CONNECTABLE_DATABASES)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new InDatabaseException(null, e);
        }
        return names;
    }
}
