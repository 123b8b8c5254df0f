package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

/**
 * {@code force_drop: true} drops a database while a client is connected to it (DROP DATABASE … WITH (FORCE), 13+),
 * where a plain drop fails; before 13 it is refused when planning.
 */
class ForceDropIT {

    @AcrossPgVersions
    void aForcedDropEndsTheSessionsAndDropsTheDatabase(PgCluster pg) throws Exception {
        pg.execute("CREATE DATABASE busy");
        try (Connection client = pg.connect("busy")) {
            Spec plain = spec(false);
            Spec forced = spec(true);
            if (pg.majorVersion() < 13) {
                assertThatThrownBy(() -> converger(pg).plan(forced)).isInstanceOf(PlanningException.class)
                        .hasMessageContaining("databases.busy.force_drop: DROP DATABASE … WITH (FORCE) needs "
                                + "PostgreSQL 13 or later; this server is " + pg.majorVersion());
                return;
            }
            assertThat(converger(pg).apply(plain, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);

            ConvergeResult result = converger(pg).apply(forced, ApplyListener.NONE);

            assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                    .isEqualTo(ConvergeResult.Outcome.CONVERGED);
            assertThat(client.isValid(2)).isFalse();
            assertThat(pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'busy'")).isEqualTo("0");
            assertThat(converger(pg).apply(forced, ApplyListener.NONE).outcome())
                    .isEqualTo(ConvergeResult.Outcome.UNCHANGED);
        } finally {
            pg.execute("DROP DATABASE IF EXISTS busy");
        }
    }

    private static Spec spec(boolean force) {
        return Spec.builder()
                .databases(DatabaseSpec.builder("busy").state(State.ABSENT).forceDrop(force).build()).build();
    }

    private static Converger converger(PgCluster cluster) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", cluster.port(), cluster.superuser(), "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
