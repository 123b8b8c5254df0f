package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.time.Duration;

class AdvisoryLockIT {

    @AcrossPgVersions
    void aSecondAgentWaitsThenGivesUpWithAMessage(PgCluster cluster) throws Exception {
        try (AdvisoryLock first = AdvisoryLock.acquire(cluster.connect("postgres"), Duration.ofSeconds(1))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> AdvisoryLock.acquire(cluster.connect("postgres"), Duration.ofMillis(1500)))
                    .isInstanceOf(ConcurrentApplyException.class)
                    .hasMessage("another pgstate agent is applying to this cluster (waited 1.5 s)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
            assertThatThrownBy(() -> AdvisoryLock.acquire(cluster.connect("postgres"), Duration.ZERO))
                    .hasMessage("another pgstate agent is applying to this cluster (waited 0 s)");
        }
        try (AdvisoryLock again = AdvisoryLock.acquire(cluster.connect("postgres"), Duration.ZERO)) {
            assertThat(Catalog.rows(cluster, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                    .containsExactly("1");
        }
    }

    @AcrossPgVersions
    void theLockIsReleasedWhenItsSessionEnds(PgCluster cluster) throws Exception {
        var connection = cluster.connect("postgres");
        AdvisoryLock.acquire(connection, Duration.ofSeconds(1));
        connection.close();

        try (AdvisoryLock next = AdvisoryLock.acquire(cluster.connect("postgres"), Duration.ofSeconds(5))) {
            assertThat(next).isNotNull();
        }
    }
}
