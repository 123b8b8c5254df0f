package dev.pgstate.agent.daemon;

import java.time.Duration;

/**
 * The wait after a failed cycle: one second, then doubling, never more than the interval, so a database that
 * comes back is noticed quickly and one that stays down is not hammered.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);

    private final Duration ceiling;
    private Duration next;

    Backoff(Duration ceiling) {
        this.ceiling = ceiling;
        this.next = min(FIRST, ceiling);
    }

    Duration afterFailure() {
        Duration wait = next;
        next = min(next.multipliedBy(2), ceiling);
        return wait;
    }

    void reset() {
        next = min(FIRST, ceiling);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
