package dev.pgstate.reconcilers.kind.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.SchemaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.failure.SqlState;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.facade.EngineSettings;
import dev.pgstate.reconcilers.facade.Server;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Schemas against real servers, through the engine's facade as the agent uses it; the cluster is shared. */
class SchemaIT {

    /** A name no plain identifier could be: a quote and a line break. */
    private static final String HOSTILE = "we\"ird\nschema";
    private static final String OWNERS = "SELECT n.nspname || ' ' || pg_get_userbyid(n.nspowner) FROM pg_namespace n"
            + " WHERE n.nspname IN ('app', 'scratch', 'empty') ORDER BY 1";
    private static final String HOSTILE_THERE = "SELECT count(*) FROM pg_namespace WHERE nspname = E'we\"ird\\nschema'";

    private final Engine engine = new Engine(EngineSettings.of(Map.of()));

    @AcrossPgVersions
    void createsAfterItsOwnerGivesItToAnotherAndASecondApplyChangesNothing(PgCluster cluster) throws SQLException {
        Server server = server(cluster);
        Spec owned = spec(List.of(RoleSpec.named("app"), RoleSpec.named("other")),
                new SchemaSpec("app", "app", null, null), SchemaSpec.named(HOSTILE));

        ConvergeResult created = engine.apply(server, owned, Duration.ofSeconds(60), false);

        assertThat(created.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(created.plan().changes()).extracting(change -> change.address().toString())
                .containsExactly("role.app", "role.other", "database.appdb", "schema.appdb.\"we\\\"ird\\nschema\"",
                        "schema.appdb.app");
        assertThat(cluster.psql("appdb", OWNERS)).isEqualTo("app app");
        assertThat(cluster.psql("appdb", HOSTILE_THERE)).isEqualTo("1");
        assertThat(engine.plan(server, owned).changes()).isEmpty();

        Spec given = spec(List.of(RoleSpec.named("app"), RoleSpec.named("other")),
                new SchemaSpec("app", "other", null, null), SchemaSpec.named(HOSTILE));
        assertThat(engine.plan(server, given).changes()).singleElement().isInstanceOf(AlterSchema.class)
                .satisfies(change -> assertThat(change.attributes()).extracting(a -> a.name(), a -> a.before(),
                        a -> a.after()).containsExactly(tuple("owner", "app", "other")));
        assertThat(engine.apply(server, given, Duration.ofSeconds(60), false).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(cluster.psql("appdb", OWNERS)).isEqualTo("app other");
        assertThat(engine.plan(server, given).changes()).isEmpty();
    }

    @AcrossPgVersions
    void dropsOnlyAnEmptySchemaWithoutCascadeAndWhatIsInItWithCascade(PgCluster cluster) throws SQLException {
        cluster.execute("CREATE DATABASE appdb");
        cluster.psql("appdb", "CREATE SCHEMA scratch; CREATE TABLE scratch.kept (i int); CREATE SCHEMA empty;"
                + " CREATE SCHEMA unnamed");
        Server server = server(cluster);

        ConvergeResult refused = engine.apply(server, spec(List.of(), new SchemaSpec("scratch", null, State.ABSENT,
                null), new SchemaSpec("empty", null, State.ABSENT, null)), Duration.ofSeconds(60), false);

        assertThat(refused.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(refused.applied().failures()).singleElement().satisfies(failure -> {
            assertThat(failure.change().address()).hasToString("schema.appdb.scratch");
            assertThat(failure.error().sqlState()).isEqualTo(SqlState.DEPENDENT_OBJECTS_STILL_EXIST.code());
        });
        assertThat(cluster.psql("appdb", OWNERS)).isEqualTo("scratch " + cluster.superuser());

        Spec cascading = spec(List.of(), new SchemaSpec("scratch", null, State.ABSENT, true));
        ConvergeResult dropped = engine.apply(server, cascading, Duration.ofSeconds(60), false);

        assertThat(dropped.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(dropped.plan().changes()).extracting(change -> change.statements(null))
                .containsExactly(List.of("DROP SCHEMA \"scratch\" CASCADE"));
        assertThat(cluster.psql("appdb", OWNERS)).isEmpty();
        assertThat(cluster.psql("appdb", "SELECT count(*) FROM pg_namespace WHERE nspname = 'unnamed'"))
                .isEqualTo("1");
        assertThat(engine.plan(server, cascading).changes()).isEmpty();
    }

    @AcrossPgVersions
    void anExportedSpecPlansClean(PgCluster cluster) throws SQLException {
        cluster.execute("CREATE ROLE app");
        cluster.execute("CREATE DATABASE appdb");
        cluster.psql("appdb", "CREATE SCHEMA app AUTHORIZATION app; CREATE SCHEMA " + quoted(HOSTILE));
        Server server = server(cluster);

        Spec exported = engine.export(server).spec();

        String publicOwner = cluster.majorVersion() >= 15 ? "pg_database_owner" : cluster.superuser();
        assertThat(exported.database("appdb").orElseThrow().schemas())
                .extracting(SchemaSpec::name, SchemaSpec::owner, SchemaSpec::state)
                .containsExactlyInAnyOrder(tuple("app", "app", State.PRESENT),
                        tuple(HOSTILE, cluster.superuser(), State.PRESENT),
                        tuple("public", publicOwner, State.PRESENT));
        assertThat(engine.plan(server, exported).hasChanges()).isFalse();
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private Server server(PgCluster cluster) {
        return engine.server(new ConnectionSettings("127.0.0.1", cluster.port(), cluster.superuser(), "postgres",
                null, "disable", null, null, null, null, null), ConnectionSpec.EMPTY);
    }

    private static Spec spec(List<RoleSpec> roles, SchemaSpec... schemas) {
        return Spec.builder().roles(roles)
                .databases(DatabaseSpec.named("appdb").withSchemas(List.of(schemas))).build();
    }
}
