package dev.pgstate.agent.daemon;

import dev.pgstate.model.Specs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the loop runs: the spec file it keeps enforcing, the time between cycles, the mode, how long an enforce
 * cycle waits for another agent's lock, how often the spec file is looked at between cycles, and what each version
 * of the file must pass before it is used (its signature, when the box's agent configuration demands one).
 */
public record DaemonSettings(Path specFile, Duration interval, Mode mode, Duration lockWait, Duration specPollPeriod,
                             Specs.ContentCheck specCheck) {

    /** A stat of the spec file per second costs nothing and notices an edit well within any sane interval. */
    public static final Duration DEFAULT_SPEC_POLL = Duration.ofSeconds(1);

    public DaemonSettings {
        Objects.requireNonNull(specFile, "specFile");
        Objects.requireNonNull(mode, "mode");
        requirePositive(interval, "interval");
        Objects.requireNonNull(lockWait, "lockWait");
        requirePositive(specPollPeriod, "specPollPeriod");
        Objects.requireNonNull(specCheck, "specCheck");
    }

    /** Without a check of the file's content: any valid spec the agent may obey is used. */
    public DaemonSettings(Path specFile, Duration interval, Mode mode, Duration lockWait, Duration specPollPeriod) {
        this(specFile, interval, mode, lockWait, specPollPeriod, Specs.ContentCheck.NONE);
    }

    public DaemonSettings withSpecCheck(Specs.ContentCheck check) {
        return new DaemonSettings(specFile, interval, mode, lockWait, specPollPeriod, check);
    }

    /** The lock wait is the interval, at most a minute: waiting longer would only delay the next cycle. */
    public static DaemonSettings of(Path specFile, Duration interval, Mode mode) {
        Duration lockWait = interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
        return new DaemonSettings(specFile, interval, mode, lockWait, DEFAULT_SPEC_POLL);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
