package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.live.ServerReader;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.registry.Kinds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what each kind reads in one snapshot ({@link ManagedKind#readInSnapshot}: roles and what they own,
 * memberships, databases, and the configuration when the spec manages server parameters, TLS or the settings of a
 * role or a database), with exactly one catalog query per kind (five in all with the server's facts and the roles'
 * dependencies, three more for the configuration: pg_settings, pg_file_settings, pg_db_role_setting), however many
 * objects there are, shaped for the server's major version (11–18).
 */
public final class LiveStateReader {

    /**
     * Reads what every spec is planned against, without the configuration. Works as a non-superuser too: roles then
     * come from pg_roles, which hides only passwords.
     *
     * @throws SQLException as the server reported it, e.g. permission denied
     */
    public LiveState read(Connection connection) throws SQLException {
        return read(connection, Spec.builder().build());
    }

    /**
     * Like {@link #read(Connection)}, and what {@code spec} needs read in the same snapshot: the configuration when
     * it manages server parameters (pg_file_settings needs a superuser or pg_read_all_settings).
     */
    public LiveState read(Connection connection, Spec spec) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        // One snapshot for every kind's queries: a role created meanwhile must not show up in memberships only.
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            LiveState state = readInSnapshot(connection, spec);
            connection.commit();
            return state;
        } finally {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Like {@link #read(Connection, Spec)}, and then what each kind of the registry reads itself, in {@code connection}
     * or in sessions to other databases ({@code databases}): pg_hba.conf when the spec manages it, for one.
     */
    public LiveState read(Connection connection, Spec spec, DatabaseSessions databases) throws SQLException {
        List<KindState> kinds = new ArrayList<>();
        for (ManagedKind kind : Kinds.ALL) {
            kinds.add(kind.read(spec, connection, databases));
        }
        return read(connection, spec).plusKinds(kinds);
    }

    /** Everything the server has, for an exported spec: {@link #read(Connection)} and all of each registry kind. */
    public LiveState readAll(Connection connection, DatabaseSessions databases) throws SQLException {
        List<KindState> kinds = new ArrayList<>();
        for (ManagedKind kind : Kinds.ALL) {
            kinds.add(kind.readAll(connection, databases));
        }
        return read(connection).plusKinds(kinds);
    }

    private static LiveState readInSnapshot(Connection connection, Spec spec) throws SQLException {
        ServerReader.Server server = ServerReader.read(connection);
        List<KindState> kinds = new ArrayList<>();
        for (ManagedKind kind : Kinds.ALL) {
            kinds.add(kind.readInSnapshot(spec, connection, server));
        }
        return new LiveState(server.info(), kinds); // the kinds that read themselves are read next
    }
}
