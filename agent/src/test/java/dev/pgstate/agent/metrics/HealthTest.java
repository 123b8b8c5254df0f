package dev.pgstate.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.daemon.CycleReportFixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** 503 until a cycle succeeded, and again when the last one failed; the body says how long ago. */
class HealthTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-31T12:00:10Z"), ZoneOffset.UTC);
    private final DaemonMetrics metrics = new DaemonMetrics(clock);

    @Test
    void startingThenOkThenFailing() {
        assertThat(metrics.health().httpStatus()).isEqualTo(503);
        assertThat(metrics.health().json()).contains("\"status\":\"starting\"");

        metrics.cycleFinished(CycleReportFixtures.healed(1));
        assertThat(metrics.health().httpStatus()).isEqualTo(200);
        assertThat(metrics.health().json()).isEqualTo("{\"status\":\"ok\",\"last_cycle\":1,"
                + "\"seconds_since_last_cycle\":9.88,\"seconds_since_last_success\":0.0,"
                + "\"summary\":\"enforce cycle 1 ok: 1 drifted, 1 changed, 0 pending\"}\n");

        metrics.cycleFinished(CycleReportFixtures.failed(2));
        assertThat(metrics.health().httpStatus()).isEqualTo(503);
        assertThat(metrics.health().json()).contains("\"status\":\"failing\"");
        assertThat(metrics.scrape()).contains("pgstate_cycle_errors_total{source=\"spec\"} 1.0")
                .contains("pgstate_drift_items{kind=\"role\"} 1.0");
    }
}
