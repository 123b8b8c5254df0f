package dev.pgstate.reconcilers.facade;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine takes from the world, given once so that tests can fake it: the environment (PG* variables,
 * secrets, systemd's credentials directory), the clock, and how sessions are opened.
 */
public record EngineSettings(Map<String, String> env, Clock clock, SessionOpener opener) {

    public EngineSettings {
        env = Map.copyOf(env);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(opener, "opener");
    }

    /** The system clock and pgjdbc. */
    public static EngineSettings of(Map<String, String> env) {
        return new EngineSettings(env, Clock.systemUTC(), SessionOpener.PGJDBC);
    }
}
