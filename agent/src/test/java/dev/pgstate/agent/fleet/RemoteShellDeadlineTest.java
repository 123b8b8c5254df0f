package dev.pgstate.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A box's time is up at its deadline, never before: with less than a millisecond left it used to be up already, so a
 * box that hung failed at 2.999 s of a 3 s timeout.
 */
class RemoteShellDeadlineTest {

    private static final Instant DEADLINE = Instant.parse("2026-12-06T12:00:03Z");

    @Test
    void lessThanAMillisecondLeftIsOneMillisecondToWait() {
        assertThat(RemoteShell.millisLeft(DEADLINE.minusNanos(400_000), DEADLINE)).hasValue(1);
        assertThat(RemoteShell.millisLeft(DEADLINE.minusNanos(1), DEADLINE)).hasValue(1);
        assertThat(RemoteShell.millisLeft(DEADLINE.minusMillis(1500).minusNanos(1), DEADLINE)).hasValue(1501);
        assertThat(RemoteShell.millisLeft(DEADLINE.minus(Duration.ofDays(30)), DEADLINE)).hasValue(Integer.MAX_VALUE);
    }

    @Test
    void theTimeIsUpAtTheDeadlineAndAfter() {
        assertThat(RemoteShell.millisLeft(DEADLINE, DEADLINE)).isEmpty();
        assertThat(RemoteShell.millisLeft(DEADLINE.plusNanos(1), DEADLINE)).isEmpty();
    }
}
