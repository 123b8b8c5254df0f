package dev.pgstate.reconcilers.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.plan.Change;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.util.List;

class TransactionIT {

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
