package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.reconcilers.kind.database.DropDatabase;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A database an interrupted DROP DATABASE left invalid (datconnlimit = -2, on every shipped minor of 11–18): seen as
 * such, its drop finished when the spec says absent, reported and never recreated behind a person's back otherwise.
 * The agent talks over the socket.
 */
class InvalidDatabaseIT {

    private static final Spec ABSENT = Spec.builder()
            .databases(DatabaseSpec.builder("doomed").state(State.ABSENT).build()).build();
    private static final Spec PRESENT = Spec.builder().databases(DatabaseSpec.named("doomed")).build();

    @AcrossPgVersions
    void aDatabaseLeftInvalidIsDroppedWhenTheSpecSaysAbsent(PgCluster pg) throws Exception {
        leftInvalid(pg);

        Plan plan = converger(pg).plan(ABSENT);
        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change).isInstanceOf(DropDatabase.class);
            assertThat(change.reason()).contains("invalid");
        });
        ConvergeResult result = converger(pg).apply(ABSENT, ApplyListener.NONE);

        assertThat(result.outcome()).as(failure(result)).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'doomed'")).isEqualTo("0");
        assertThat(converger(pg).apply(ABSENT, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    /**
     * A DROP DATABASE still running for an agent that was killed holds the database until it ends; here a session
     * holds it the same way (two renames in an open transaction), and the next apply waits for it, then finishes.
     */
    @AcrossPgVersions
    void aDatabaseAnotherSessionIsDroppingIsReportedThenWaitedForAndDropped(PgCluster pg) throws Exception {
        leftInvalid(pg);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (Connection holder = pg.connect("postgres")) {
            holder.setAutoCommit(false);
            try (Statement hold = holder.createStatement()) {
                hold.execute("ALTER DATABASE doomed RENAME TO doomed_meanwhile");
                hold.execute("ALTER DATABASE doomed_meanwhile RENAME TO doomed");
            }
            String pid = pg.psql("SELECT pid FROM pg_stat_activity WHERE state = 'idle in transaction'");

            assertThat(converger(pg).plan(PRESENT).manualActions()).extracting(ManualAction::reason).singleElement()
                    .asString().startsWith("it is being dropped by another session (process " + pid + ")");
            Future<ConvergeResult> apply = threads.submit(() -> converger(pg).apply(ABSENT, ApplyListener.NONE));
            Thread.sleep(1000);
            assertThat(apply).as("waits for the other session").isNotDone();
            holder.commit();

            ConvergeResult result = apply.get(60, TimeUnit.SECONDS);

            assertThat(result.outcome()).as(failure(result)).isEqualTo(ConvergeResult.Outcome.CONVERGED);
            assertThat(pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'doomed'")).isEqualTo("0");
            assertThat(converger(pg).apply(ABSENT, ApplyListener.NONE).outcome())
                    .isEqualTo(ConvergeResult.Outcome.UNCHANGED);
        } finally {
            threads.shutdownNow();
        }
    }

    @AcrossPgVersions
    void anInvalidDatabaseTheSpecWantsIsReportedNeverRecreated(PgCluster pg) throws Exception {
        leftInvalid(pg);

        ConvergeResult result = converger(pg).apply(PRESENT, ApplyListener.NONE);

        assertThat(result.plan().changes()).isEmpty();
        assertThat(result.plan().manualActions()).singleElement().satisfies(action -> {
            assertThat(action.found()).isEqualTo("invalid");
            assertThat(action.reason()).contains("interrupted DROP DATABASE", "only be dropped (DROP DATABASE");
        });
        assertThat(pg.psql("SELECT datconnlimit FROM pg_database WHERE datname = 'doomed'")).isEqualTo("-2");
        assertThat(converger(pg).apply(PRESENT, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.UNCHANGED);

        pg.execute("DROP DATABASE doomed"); // what the manual action asks a person to do
        assertThat(converger(pg).apply(PRESENT, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(pg.psql("SELECT datconnlimit FROM pg_database WHERE datname = 'doomed'")).isEqualTo("-1");
    }

    @AcrossPgVersions
    void anInvalidDatabaseTheSpecDoesNotNameNeedsManualAction(PgCluster pg) throws Exception {
        leftInvalid(pg);

        Plan plan = converger(pg).plan(Spec.builder().build());

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.manualActions()).extracting(action -> action.address().toString(), ManualAction::found)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("database.doomed", "invalid"));
    }

    /** What an interrupted DROP DATABASE leaves, made the way PostgreSQL's own test of it does. */
    private static void leftInvalid(PgCluster pg) {
        pg.execute("CREATE DATABASE doomed");
        pg.execute("UPDATE pg_database SET datconnlimit = -2 WHERE datname = 'doomed'");
    }

    private static String failure(ConvergeResult result) {
        return result.applied().failure().map(f -> f.describe()).orElse("");
    }

    private static Converger converger(PgCluster pg) {
        ConnectionSettings socket = new ConnectionSettings(pg.socketDir().toString(), pg.port(), pg.superuser(),
                "postgres", null, null, null, null, null, null, pg.serverUser().name());
        return new Converger(new Connector(ConnectionSettings.resolve(socket, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
