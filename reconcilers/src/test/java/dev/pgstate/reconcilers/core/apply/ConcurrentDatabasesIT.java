package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.database.CreateDatabase;
import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Consecutive CREATE DATABASE run two at a time, each in a session of its own, without changing what an apply does. */
class ConcurrentDatabasesIT {

    /**
     * The server waits 5 s for the other sessions of a template to leave before it refuses to copy it: meanwhile the
     * next database is created in the applier's second session, and the refusal fails only its own change.
     */
    @AcrossPgVersions
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theNextDatabaseIsCreatedWhileOneWaitsForItsTemplate(PgCluster cluster) throws Exception {
        cluster.execute("CREATE DATABASE busy_template");
        var waiting = new CreateDatabase("copy_of_busy",
                List.of(AttributeChange.created(DatabaseAttribute.TEMPLATE, "busy_template")));
        var beside = new CreateDatabase("beside", List.of());

        ApplyResult result;
        boolean createdWhileTheOtherWaited;
        try (Connection holdsTheTemplate = cluster.connect("busy_template")) {
            CompletableFuture<ApplyResult> applying = CompletableFuture.supplyAsync(
                    () -> ClusterConnections.applier(cluster).apply(List.of(waiting, beside)));
            createdWhileTheOtherWaited = stillWaitingWhenCreated(cluster, "beside", "copy_of_busy");
            result = applying.get(30, TimeUnit.SECONDS);
        }

        assertThat(createdWhileTheOtherWaited).as("beside created while copy_of_busy waited for its template").isTrue();
        assertThat(result.applied()).containsExactly(beside);
        assertThat(result.failures()).extracting(ApplyResult.Failure::change).containsExactly(waiting);
        assertThat(result.failures()).extracting(f -> f.error().sqlState()).containsExactly("55006");
        assertThat(result.notAttempted()).isEmpty();
        assertThat(databases(cluster, "beside", "copy_of_busy")).isEqualTo("beside");
    }

    /** A database copied from one the same apply creates is created after it, never beside it. */
    @AcrossPgVersions
    void aDatabaseCopiedFromANewOneWaitsForIt(PgCluster cluster) {
        var template = new CreateDatabase("new_template",
                List.of(AttributeChange.created(DatabaseAttribute.IS_TEMPLATE, true)));
        var copy = new CreateDatabase("copy_of_new",
                List.of(AttributeChange.created(DatabaseAttribute.TEMPLATE, "new_template")));
        var other = new CreateDatabase("other_new", List.of());
        List<Change> changes = List.of(template, copy, other);

        ApplyResult result = ClusterConnections.applier(cluster).apply(changes);

        assertThat(result.failures()).isEmpty();
        assertThat(result.applied()).containsExactlyElementsOf(changes);
        assertThat(databases(cluster, "new_template", "copy_of_new", "other_new"))
                .isEqualTo("copy_of_new,new_template,other_new");
    }

    /**
     * Whether {@code waiting}'s CREATE DATABASE was still running when {@code created} was first seen; false when
     * {@code created} never appeared within 20 s.
     */
    private static boolean stillWaitingWhenCreated(PgCluster cluster, String created, String waiting)
            throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            String seen = cluster.psql("SELECT (SELECT count(*) FROM pg_database WHERE datname = '" + created + "')"
                    + " || ',' || (SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND state = 'active' AND query LIKE 'CREATE DATABASE \"" + waiting + "\"%')");
            if (seen.startsWith("1,")) {
                return seen.equals("1,1");
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static String databases(PgCluster cluster, String... names) {
        return cluster.psql("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE datname IN ('"
                + String.join("', '", names) + "')");
    }
}
