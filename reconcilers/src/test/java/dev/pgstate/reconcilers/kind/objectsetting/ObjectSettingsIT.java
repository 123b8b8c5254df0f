package dev.pgstate.reconcilers.kind.objectsetting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** roles[].settings and databases[].settings end to end: ALTER ROLE/DATABASE … SET, compared by meaning, reset. */
class ObjectSettingsIT {

    @AcrossPgVersions
    void settingsAreSetComparedAsTheServerStoresThemAndTheUnlistedReset(PgCluster pg) throws Exception {
        pg.execute("CREATE ROLE app LOGIN");
        pg.execute("ALTER ROLE app SET statement_timeout = '5s'");
        pg.execute("CREATE DATABASE appdb");
        Spec spec = spec(List.of(RoleSpec.named("app").withSettings(settings("work_mem", "64MB",
                        "search_path", "app, \"My Schema\", public", "TimeZone", "utc")),
                        RoleSpec.named("fresh").withSettings(settings("lock_timeout", "3s"))),
                List.of(DatabaseSpec.named("appdb").withSettings(settings("work_mem", "32MB",
                        "default_transaction_isolation", "repeatable read"))));

        Plan plan = converger(pg).plan(spec);

        assertThat(plan.changes()).filteredOn(AlterObjectSettings.class::isInstance)
                .extracting(change -> change.address().toString())
                .containsExactly("settings-of.database.appdb", "settings-of.role.app", "settings-of.role.fresh");
        assertThat(plan.changes().stream().filter(c -> c.address().toString().equals("settings-of.role.app")).findFirst()
                .orElseThrow().attributes()).extracting(a -> a.name() + " " + a.before() + " -> " + a.after())
                .containsExactly("settings.work_mem null -> 64MB",
                        "settings.search_path null -> app, My Schema, public", "settings.TimeZone null -> UTC",
                        "settings.statement_timeout 5s -> (reset)");
        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        try (Connection app = login(pg, "app", "appdb")) {
            assertThat(show(app, "work_mem")).isEqualTo("64MB"); // the role's beats the database's
            assertThat(show(app, "search_path")).isEqualTo("app, \"My Schema\", public");
            // TimeZone is not shown: pgjdbc sends the JVM's at connection start, which beats the role's
            assertThat(show(app, "statement_timeout")).isEqualTo("0");
            assertThat(show(app, "default_transaction_isolation")).isEqualTo("repeatable read");
        }
        assertThat(pg.psql("SELECT setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole"
                + " WHERE r.rolname = 'fresh'")).isEqualTo("{lock_timeout=3s}");
        assertThat(converger(pg).plan(spec).changes()).isEmpty();

        // other spellings of the same values plan nothing; a map left out leaves the settings alone
        Spec respelled = spec(List.of(RoleSpec.named("app").withSettings(settings("WORK_MEM", "65536kB",
                        "search_path", "app,\"My Schema\",public", "timezone", "UTC")), RoleSpec.named("fresh")),
                List.of(DatabaseSpec.named("appdb").withSettings(settings("work_mem", "32768",
                        "default_transaction_isolation", "REPEATABLE READ"))));
        assertThat(converger(pg).plan(respelled).changes()).isEmpty();
        assertThat(converger(pg).apply(respelled, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.UNCHANGED);

        // an empty map: none of its own
        Spec none = spec(List.of(RoleSpec.named("app").withSettings(Map.of())), List.of());
        assertThat(converger(pg).apply(none, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(pg.psql("SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole"
                + " WHERE r.rolname = 'app'")).isEqualTo("0");
        assertThat(converger(pg).plan(none).changes()).isEmpty();
    }

    @AcrossPgVersions
    void aParameterASessionCannotSetIsAPlanTimeErrorNamingIt(PgCluster pg) {
        Spec spec = spec(List.of(RoleSpec.named("app").withSettings(settings("shared_buffers", "1GB",
                        "wrk_mem", "1MB", "work_mem", "lots", "session_authorization", "app")), RoleSpec.named("postgres").withSettings(
                        settings("role", "app"))),
                List.of(DatabaseSpec.named("appdb").withSettings(settings("checkpoint_timeout", "10min"))));

        assertThatThrownBy(() -> converger(pg).plan(spec)).isInstanceOf(PlanningException.class)
                .hasMessageContaining("roles[0].settings.shared_buffers: shared_buffers cannot be set per role "
                        + "(context postmaster: only the server's start sets it); set it under server.settings")
                .hasMessageContaining("roles[0].settings.wrk_mem: unknown parameter \"wrk_mem\" on PostgreSQL "
                        + pg.majorVersion() + "; did you mean \"work_mem\"?")
                .hasMessageContaining("roles[0].settings.work_mem: ")
                .hasMessageContaining("roles[1].settings.role: the agent connects as \"postgres\": with role set, "
                        + "its own sessions would act as another role")
                .hasMessageContaining("roles[0].settings.session_authorization: not managed as a setting")
                .hasMessageContaining("databases[0].settings.checkpoint_timeout: checkpoint_timeout cannot be set per "
                        + "database (context sighup: only the config files or the connection's start sets it)");
    }

    /**
     * Settings of the agent's own role that would stop it (read-only transactions, a tiny statement_timeout, another
     * role to act as) do not reach its sessions: it sets what it relies on when it connects.
     */
    @AcrossPgVersions
    void theAgentsOwnSessionIgnoresSettingsThatWouldStopIt(PgCluster pg) throws Exception {
        pg.execute("CREATE ROLE agent LOGIN SUPERUSER");
        pg.execute("CREATE ROLE plain LOGIN");
        pg.execute("ALTER ROLE agent SET role = 'plain'"); // refused in a spec, so set by hand
        assertThat(converger(pg, "agent").apply(spec(List.of(RoleSpec.named("made")), List.of()), ApplyListener.NONE)
                .outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED); // plain may not create roles
        Spec spec = spec(List.of(RoleSpec.named("agent").withSettings(settings("default_transaction_read_only", "on",
                "statement_timeout", "1ms", "lock_timeout", "1ms")), RoleSpec.named("made2")), List.of());

        ConvergeResult result = converger(pg, "agent").apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname IN ('made', 'made2')")).isEqualTo("2");
        // what any other session of the role gets
        assertThat(pg.psql("SELECT setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole"
                + " WHERE r.rolname = 'agent'"))
                .isEqualTo("{default_transaction_read_only=on,statement_timeout=1ms,lock_timeout=1ms}");
        assertThat(converger(pg, "agent").apply(spec, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    private static Connection login(PgCluster pg, String user, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + database + "?user="
                + user + "&sslmode=disable");
    }

    private static String show(Connection connection, String parameter) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('" + parameter + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Map<String, String> settings(String... nameValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            settings.put(nameValues[i], nameValues[i + 1]);
        }
        return settings;
    }

    private static Spec spec(List<RoleSpec> roles, List<DatabaseSpec> databases) {
        return Spec.builder().roles(roles).databases(databases).build();
    }

    private static Converger converger(PgCluster cluster) {
        return converger(cluster, cluster.superuser());
    }

    private static Converger converger(PgCluster cluster, String user) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", cluster.port(), user, "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
