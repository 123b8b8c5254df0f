package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.INTEGER;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Preparation;
import dev.pgstate.reconcilers.kind.database.CreateDatabase;
import dev.pgstate.reconcilers.kind.membership.GrantMembership;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Changes a {@link Preparation} makes ready (the verifiers of new passwords) are prepared in the background while the
 * server runs the changes before them, and run in their turn as prepared; one whose preparation fails is reported and
 * never sent, and its transaction is all or nothing as for a refused statement.
 */
class PreparationIT {

    private static final long PREPARATION_MS = 30;

    /**
     * Stands in for a PBKDF2: slow, each one started later longer than the one before (so even on as many cores as
     * changes the last is done well after the first), and it adds what the server then shows (a connection limit).
     */
    private static Preparation slowlyLimiting(AtomicInteger prepared, String failing) {
        AtomicInteger started = new AtomicInteger();
        return Preparation.of(change -> change instanceof CreateRole, change -> {
            CreateRole create = (CreateRole) change;
            if (create.role().equals(failing)) {
                throw new IllegalStateException("no verifier for this one");
            }
            try {
                Thread.sleep(PREPARATION_MS * started.incrementAndGet());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            List<AttributeChange<RoleAttribute>> attributes = new ArrayList<>(create.attributes());
            attributes.add(AttributeChange.created(RoleAttribute.CONNECTION_LIMIT, 7));
            prepared.incrementAndGet();
            return new CreateRole(create.role(), attributes);
        });
    }

    @AcrossPgVersions
    void theFirstChangeRunsBeforeTheLastIsPreparedAndEachRunsAsPrepared(PgCluster cluster) {
        List<Change> roles = IntStream.range(0, 10).<Change>mapToObj(i -> new CreateRole("prep" + i, List.of())).toList();
        AtomicInteger prepared = new AtomicInteger();
        List<Integer> preparedWhenTheFirstRan = new ArrayList<>();
        ApplyListener listener = new ApplyListener() {
            @Override
            public void beforeChange(Change change) {
                if (preparedWhenTheFirstRan.isEmpty()) {
                    preparedWhenTheFirstRan.add(prepared.get());
                }
            }
        };

        ApplyResult result = new Applier(new ClusterConnections(cluster), ClusterConnections.server(cluster), listener,
                slowlyLimiting(prepared, "none")).apply(roles);

        assertThat(result.failure()).isEmpty();
        assertThat(preparedWhenTheFirstRan).as("preparations done when the first change was sent")
                .singleElement().asInstanceOf(INTEGER).isLessThan(roles.size());
        assertThat(result.applied()).hasSize(roles.size()).allSatisfy(change -> assertThat(change.attributes()
                .stream().<Object>map(AttributeChange::attribute)).containsExactly(RoleAttribute.CONNECTION_LIMIT));
        assertThat(cluster.psql("SELECT string_agg(DISTINCT rolconnlimit::text, ',') FROM pg_roles"
                + " WHERE rolname LIKE 'prep%'")).isEqualTo("7");
        assertThat(cluster.psql("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'prep%'")).isEqualTo("10");
    }

    @AcrossPgVersions
    void aFailedPreparationIsReportedUnsentAndTheRestOfItsTransactionIsApplied(PgCluster cluster) {
        var first = new CreateRole("prepfirst", List.of());
        var bad = new CreateRole("prepbad", List.of());
        var needsBad = new GrantMembership("prepbad", "prepfirst", List.of());
        var last = new CreateRole("preplast", List.of());
        var later = new CreateDatabase("prep_later", List.of());

        ApplyResult result = new Applier(new ClusterConnections(cluster), ClusterConnections.server(cluster),
                ApplyListener.NONE, slowlyLimiting(new AtomicInteger(), "prepbad"))
                .apply(List.of(first, bad, needsBad, last, later));

        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.change()).isEqualTo(bad);
            assertThat(failure.describe()).isEqualTo("role.prepbad: cannot make it ready to run: no verifier for this one");
        });
        assertThat(result.notAttempted()).containsExactly(needsBad);
        assertThat(result.applied()).extracting(change -> change.address().toString())
                .containsExactly("role.prepfirst", "role.preplast", "database.prep_later");
        assertThat(Catalog.roleExists(cluster, "prepbad")).isFalse();
        assertThat(cluster.psql("SELECT string_agg(rolname || '=' || rolconnlimit, ',' ORDER BY rolname) FROM pg_roles"
                + " WHERE rolname LIKE 'prep%'")).isEqualTo("prepfirst=7,preplast=7");
    }
}
