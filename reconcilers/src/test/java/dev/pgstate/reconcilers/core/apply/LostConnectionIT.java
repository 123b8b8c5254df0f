package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.database.CreateDatabase;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;

class LostConnectionIT {

    @AcrossPgVersions
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aKilledBackendMidApplyGivesAFailedResult(PgCluster cluster) {
        var first = new CreateRole("first", List.of());
        var second = new CreateRole("second", List.of());
        var third = new CreateDatabase("third", List.of());
        ApplyListener killer = new ApplyListener() {
            @Override
            public void beforeChange(Change change) {
                if (change.equals(second)) {
                    terminateApplierBackends(cluster);
                }
            }
        };

        ApplyResult result = ClusterConnections.applier(cluster, killer).apply(List.of(first, second, third));

        ApplyResult.Failure failure = result.failure().orElseThrow();
        assertThat(failure.change()).isEqualTo(second);
        assertThat(failure.error().connectionLost()).isTrue();
        assertThat(failure.describe()).startsWith("role.second: lost the connection to the server: ");
        assertThat(result.rolledBack()).containsExactly(first);
        assertThat(result.notAttempted()).containsExactly(third);
        assertThat(Catalog.roleExists(cluster, "first")).isFalse();
    }

    /**
     * Databases are created two at a time, in two sessions: both lost, the apply stops once each session's current
     * change is done, and every change is reported once, as applied (on the server), failed or not attempted (not
     * on the server). A change whose session was lost under it may have been committed before the answer was lost.
     */
    @AcrossPgVersions
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void killedBackendsStopDatabasesCreatedTwoAtATime(PgCluster cluster) {
        List<Change> databases = IntStream.range(0, 6)
                .<Change>mapToObj(i -> new CreateDatabase("lost" + i, List.of())).toList();
        ApplyListener killer = new ApplyListener() {
            @Override
            public void beforeChange(Change change) {
                if (change.equals(databases.get(2))) {
                    terminateApplierBackends(cluster);
                }
            }
        };

        ApplyResult result = ClusterConnections.applier(cluster, killer).apply(databases);

        assertThat(result.failures()).isNotEmpty().allMatch(failure -> failure.error().connectionLost());
        assertThat(result.failures()).extracting(ApplyResult.Failure::change).contains(databases.get(2));
        assertThat(result.notAttempted()).contains(databases.get(4), databases.get(5));
        List<Change> reported = new ArrayList<>(result.applied());
        result.failures().forEach(failure -> reported.add(failure.change()));
        reported.addAll(result.notAttempted());
        assertThat(reported).containsExactlyInAnyOrderElementsOf(databases);
        List<String> created = List.of(cluster.psql("SELECT string_agg(datname, ',') FROM pg_database"
                + " WHERE datname LIKE 'lost%'").split(","));
        assertThat(created).containsAll(names(result.applied())).doesNotContainAnyElementsOf(
                names(result.notAttempted()));
    }

    private static List<String> names(List<Change> databases) {
        return databases.stream().map(change -> ((CreateDatabase) change).database()).toList();
    }

    // pg_terminate_backend only sends the signal; wait until the session is really gone
    private static void terminateApplierBackends(PgCluster cluster) {
        String applier = " FROM pg_stat_activity WHERE application_name = '" + ClusterConnections.APPLICATION_NAME + "'";
        cluster.psql("SELECT pg_terminate_backend(pid)" + applier);
        for (int i = 0; i < 100 && !cluster.psql("SELECT count(*)" + applier).equals("0"); i++) {
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
