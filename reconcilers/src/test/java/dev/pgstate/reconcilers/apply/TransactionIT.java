package dev.pgstate.reconcilers.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.plan.Change;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgExtension;
import dev.pgstate.testkit.PgVersion;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class TransactionIT {

    /** More new roles than the test server's lock table holds in one transaction: they commit in batches. */
    @Test
    @ExtendWith(PgExtension.class)
    @PgVersion(18)
    void aFleetSizedRoleGroupCommitsInBatchesInsteadOfRunningOutOfLocks(PgCluster cluster) {
        List<Change> roles = IntStream.range(0, 10_000)
                .<Change>mapToObj(i -> new Change.CreateRole(String.format("fleet%05d", i), List.of())).toList();

        ApplyResult result = ClusterConnections.applier(cluster).apply(roles);

        assertThat(result.failure()).isEmpty();
        assertThat(cluster.psql("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'fleet%'")).isEqualTo("10000");
    }

    @AcrossPgVersions
    void aFailedRoleGroupLeavesNothingBehind(PgCluster cluster) {
        var first = new Change.CreateRole("first", List.of());
        var failing = new Change.GrantMembership("no_such_role", "first", List.of());
        var later = new Change.CreateDatabase("later", List.of());

        ApplyResult result = ClusterConnections.applier(cluster).apply(List.of(first, failing, later));

        assertThat(result.applied()).isEmpty();
        assertThat(result.rolledBack()).containsExactly(first);
        assertThat(result.notAttempted()).containsExactly(later);
        ApplyResult.Failure failure = result.failure().orElseThrow();
        assertThat(failure.change()).isEqualTo(failing);
        assertThat(failure.error().sqlState()).isEqualTo("42704");
        assertThat(failure.describe()).isEqualTo("membership.no_such_role.first: role \"no_such_role\" does not exist"
                + " (SQLSTATE 42704)");
        assertThat(Catalog.roleExists(cluster, "first")).isFalse();
    }
}
