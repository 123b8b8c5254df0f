package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.database.CreateDatabase;
import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import dev.pgstate.reconcilers.kind.membership.GrantMembership;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgExtension;
import dev.pgstate.testkit.PgVersion;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
                .<Change>mapToObj(i -> new CreateRole(String.format("fleet%05d", i), List.of())).toList();

        ApplyResult result = ClusterConnections.applier(cluster).apply(roles);

        assertThat(result.failure()).isEmpty();
        assertThat(cluster.psql("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'fleet%'")).isEqualTo("10000");
    }

    /**
     * Two failures in one transaction of role work: each is rolled back and reported, the changes that need it are
     * skipped, and everything else (the rest of that transaction, run again, and the database after it) is applied.
     */
    @AcrossPgVersions
    void aFailedChangeSkipsOnlyTheChangesThatNeedIt(PgCluster cluster) {
        var first = new CreateRole("first", List.of());
        var bad = new CreateRole("bad", List.of(AttributeChange.created(RoleAttribute.VALID_UNTIL, "not a date")));
        var failing = new GrantMembership("no_such_role", "first", List.of());
        var needsBad = new GrantMembership("first", "bad", List.of());
        var ownedByBad = new CreateDatabase("owned_by_bad",
                List.of(AttributeChange.created(DatabaseAttribute.OWNER, "bad")));
        var later = new CreateDatabase("later", List.of());

        ApplyResult result = ClusterConnections.applier(cluster)
                .apply(List.of(first, bad, failing, needsBad, ownedByBad, later));

        assertThat(result.applied()).containsExactly(first, later);
        assertThat(result.failures()).extracting(ApplyResult.Failure::change).containsExactly(bad, failing);
        assertThat(result.failures()).extracting(f -> f.error().sqlState()).containsExactly("22007", "42704");
        assertThat(result.failures().get(1).describe()).isEqualTo("membership.no_such_role.first: role"
                + " \"no_such_role\" does not exist (SQLSTATE 42704)");
        assertThat(result.notAttempted()).containsExactly(needsBad, ownedByBad);
        assertThat(result.rolledBack()).isEmpty();
        assertThat(Catalog.roleExists(cluster, "first")).isTrue();
        assertThat(Catalog.roleExists(cluster, "bad")).isFalse();
        assertThat(cluster.psql("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"
                + " WHERE datname IN ('later', 'owned_by_bad')")).isEqualTo("later");
    }

    /** Every other change refused: each transaction runs at most twice, the second time change by change. */
    @Test
    @ExtendWith(PgExtension.class)
    @PgVersion(18)
    void manyRefusedChangesCostAtMostTwoRunsOfTheirTransaction(PgCluster cluster) {
        IntStream.range(0, 50).filter(i -> i % 2 == 0)
                .forEach(i -> cluster.execute("CREATE ROLE " + String.format("dup%02d", i)));
        List<Change> roles = IntStream.range(0, 50)
                .<Change>mapToObj(i -> new CreateRole(String.format("dup%02d", i), List.of())).toList();
        AtomicInteger attempts = new AtomicInteger();
        ApplyListener counting = new ApplyListener() {
            @Override
            public void beforeChange(Change change) {
                attempts.incrementAndGet();
            }
        };

        ApplyResult result = ClusterConnections.applier(cluster, counting).apply(roles);

        assertThat(result.failures()).hasSize(25).allSatisfy(f -> assertThat(f.error().sqlState()).isEqualTo("42710"));
        assertThat(result.applied()).hasSize(25);
        assertThat(attempts).as("one run of the transaction up to its first refusal, then one change by change")
                .hasValueLessThanOrEqualTo(2 * roles.size());
        assertThat(cluster.psql("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'dup%'")).isEqualTo("50");
    }
}
