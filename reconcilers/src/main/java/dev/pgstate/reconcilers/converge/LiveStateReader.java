package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.live.ServerReader;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import dev.pgstate.reconcilers.kind.setting.SettingsReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads what each kind reads in one snapshot ({@link ManagedKind#readInSnapshot}: roles and what they own,
 * memberships and databases), with exactly one catalog query per kind (five in all with the server's facts and the
 * roles' dependencies,
 * however many objects there are), shaped for the server's major version (11–18); and, when
 * the spec manages server parameters or the settings of a role or a database, the configuration with three more
 * (pg_settings, pg_file_settings, pg_db_role_setting).
 */
public final class LiveStateReader {

    /**
     * Reads everything the planner compares against the spec. Works as a non-superuser too: roles then come
     * from pg_roles, which hides only passwords.
     *
     * @throws SQLException as the server reported it, e.g. permission denied
     */
    public LiveState read(Connection connection) throws SQLException {
        return read(connection, false, Map.of());
    }

    /**
     * Like {@link #read(Connection)}, and when the spec manages server parameters also the configuration
     * (pg_settings, pg_file_settings, pg_db_role_setting: three more queries; pg_file_settings needs a superuser or
     * pg_read_all_settings).
     */
    public LiveState read(Connection connection, Spec spec) throws SQLException {
        Map<String, Set<String>> desired = new LinkedHashMap<>();
        spec.server().desired().forEach(setting -> desire(desired, setting.name(), setting.value()));
        List<Map<String, String>> objectSettings = Stream.concat(spec.roles().stream().map(RoleSpec::settings),
                spec.databases().stream().map(DatabaseSpec::settings)).filter(Objects::nonNull).toList();
        objectSettings.forEach(settings -> settings.forEach((name, value) -> desire(desired, name, value)));
        boolean withSettings = spec.server().managesSettings() || spec.tls() != null // TLS: the data directory
                || !objectSettings.isEmpty();
        return read(connection, withSettings, desired);
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

    private static void desire(Map<String, Set<String>> desired, String name, String value) {
        if (value != null) {
            desired.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new LinkedHashSet<>()).add(value);
        }
    }

    private LiveState read(Connection connection, boolean withSettings, Map<String, Set<String>> desiredSettings)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        // One snapshot for all five queries: a role created meanwhile must not show up in memberships only.
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            LiveState state = readInSnapshot(connection, withSettings, desiredSettings);
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

    private static LiveState readInSnapshot(Connection connection, boolean withSettings,
                                            Map<String, Set<String>> desiredSettings) throws SQLException {
        ServerReader.Server server = ServerReader.read(connection);
        List<KindState> kinds = new ArrayList<>();
        for (ManagedKind kind : Kinds.ALL) {
            kinds.add(kind.readInSnapshot(connection, server));
        }
        return new LiveState(
                server.info(),
                withSettings ? SettingsReader.read(connection, desiredSettings) : LiveSettings.NONE,
                kinds); // the kinds that read themselves are read next
    }

}
