package dev.pgstate.reconcilers.kind.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.core.plan.Warning;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Extensions against real servers, through the converger as the agent runs it. hstore 1.4 and its update to 1.5
 * exist on every major from 11 to 18, as do pg_trgm and citext; pg_stat_statements stands for an extension that
 * needs a preloaded library.
 */
class ExtensionIT {

    private static final String INSTALLED = "SELECT e.extname || ' ' || e.extversion || ' ' || n.nspname"
            + " FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            + " WHERE e.extname <> 'plpgsql' ORDER BY 1";

    @AcrossPgVersions
    void createsUpdatesToAListedVersionAndDrops(PgCluster cluster) throws SQLException {
        Converger converger = converger(cluster);
        ConvergeResult created = converger.apply(spec(new ExtensionSpec("hstore", "1.4", "public", null, null),
                ExtensionSpec.named("pg_trgm")), ApplyListener.NONE);

        assertThat(created.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(created.plan().changes()).extracting(change -> change.address().toString(), Change::action)
                .containsExactly(tuple("database.appdb", Action.CREATE), tuple("extension.appdb.hstore", Action.CREATE),
                        tuple("extension.appdb.pg_trgm", Action.CREATE));
        String trgm = version(cluster, "pg_trgm");
        assertThat(cluster.psql("appdb", INSTALLED)).isEqualTo("hstore 1.4 public\npg_trgm " + trgm + " public");

        cluster.psql("appdb", "CREATE EXTENSION citext"); // not named by the spec: left alone throughout
        Spec updated = spec(new ExtensionSpec("hstore", "1.5", null, null, null), ExtensionSpec.named("pg_trgm"));

        assertThat(converger.plan(updated).changes()).singleElement().isInstanceOf(AlterExtension.class)
                .satisfies(change -> assertThat(change.attributes()).extracting(a -> a.name(), a -> a.before(),
                        a -> a.after()).containsExactly(tuple("version", "1.4", "1.5")));
        assertThat(converger.apply(updated, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(cluster.psql("appdb", INSTALLED)).contains("hstore 1.5 public");
        Spec downgraded = spec(new ExtensionSpec("hstore", "1.4", null, null, null), ExtensionSpec.named("pg_trgm"));
        assertThatThrownBy(() -> converger.plan(downgraded)).isInstanceOf(PlanningException.class)
                .hasMessageContaining("extension.appdb.hstore: the server has no update path from version \"1.5\" to"
                        + " \"1.4\"");

        Spec dropped = spec(new ExtensionSpec("hstore", null, null, State.ABSENT, null), ExtensionSpec.named("pg_trgm"));
        ConvergeResult drop = converger.apply(dropped, ApplyListener.NONE);

        assertThat(drop.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(drop.plan().changes()).singleElement().isInstanceOf(DropExtension.class);
        assertThat(cluster.psql("appdb", INSTALLED))
                .isEqualTo("citext " + version(cluster, "citext") + " public\npg_trgm " + trgm + " public");
        assertThat(converger.plan(dropped).hasChanges()).isFalse();
    }

    @AcrossPgVersions
    void dropsWhatDependsOnItOnlyWithCascade(PgCluster cluster) throws SQLException {
        cluster.execute("CREATE DATABASE appdb");
        cluster.psql("appdb", "CREATE EXTENSION citext; CREATE TABLE emails (address citext)");
        Converger converger = converger(cluster);

        ConvergeResult refused = converger.apply(spec(new ExtensionSpec("citext", null, null, State.ABSENT, null)),
                ApplyListener.NONE);

        assertThat(refused.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(refused.applied().failures()).singleElement()
                .satisfies(failure -> assertThat(failure.error().sqlState()).isEqualTo("2BP01"));
        assertThat(cluster.psql("appdb", INSTALLED)).startsWith("citext ");

        assertThat(converger.apply(spec(new ExtensionSpec("citext", null, null, State.ABSENT, true)),
                ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(cluster.psql("appdb", INSTALLED)).isEmpty();
        assertThat(cluster.psql("appdb", "SELECT count(*) FROM pg_attribute WHERE attrelid = 'emails'::regclass"
                + " AND attname = 'address' AND NOT attisdropped")).isEqualTo("0");
    }

    @AcrossPgVersions
    void anExtensionOrVersionTheServerLacksIsRefusedAtPlan(PgCluster cluster) {
        Spec spec = spec(ExtensionSpec.named("no_such_extension"), new ExtensionSpec("hstore", "9.9", null, null, null));

        assertThatThrownBy(() -> converger(cluster).apply(spec, ApplyListener.NONE))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("extension.appdb.no_such_extension: the server has no extension "
                        + "\"no_such_extension\" (pg_available_extensions)")
                .hasMessageContaining("extension.appdb.hstore: the server has no version \"9.9\" of \"hstore\";"
                        + " it offers ")
                .hasMessageContaining("1.4, ");
        assertThat(cluster.psql("SELECT count(*) FROM pg_database WHERE datname = 'appdb'")).isEqualTo("0");
    }

    @AcrossPgVersions
    void anExtensionThatNeedsAPreloadedLibrarySaysSo(PgCluster cluster) throws SQLException {
        Plan plan = converger(cluster).plan(spec(ExtensionSpec.named("pg_stat_statements")));

        assertThat(plan.warnings()).extracting(Warning::message).containsExactly("\"pg_stat_statements\" works only"
                + " with pg_stat_statements in shared_preload_libraries, which the server does not load: add it under"
                + " server.settings (a restart)");
    }

    @AcrossPgVersions
    void anExportedSpecPlansClean(PgCluster cluster) throws SQLException {
        cluster.execute("CREATE DATABASE appdb");
        cluster.psql("appdb", "CREATE SCHEMA ext; CREATE EXTENSION hstore SCHEMA ext VERSION '1.4';"
                + " CREATE EXTENSION pg_trgm");
        LiveState live;
        try (Connection session = cluster.connect("postgres")) {
            live = new LiveStateReader().readAll(session, cluster::connect);
        }
        Spec exported = Spec.builder().databases(DatabaseSpec.named("appdb")).build();
        for (KindState kind : live.kinds()) {
            exported = kind.export(exported);
        }

        assertThat(exported.database("appdb").orElseThrow().extensions())
                .extracting(ExtensionSpec::name, ExtensionSpec::version, ExtensionSpec::schema)
                .containsExactly(tuple("hstore", "1.4", "ext"), tuple("pg_trgm", version(cluster, "pg_trgm"), "public"));
        assertThat(converger(cluster).plan(exported).hasChanges()).isFalse();
    }

    private static String version(PgCluster cluster, String extension) {
        return cluster.psql("appdb", "SELECT extversion FROM pg_extension WHERE extname = '" + extension + "'");
    }

    private static Spec spec(ExtensionSpec... extensions) {
        return Spec.builder().databases(DatabaseSpec.named("appdb").withExtensions(List.of(extensions))).build();
    }

    private static Converger converger(PgCluster cluster) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", cluster.port(), cluster.superuser(), "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
