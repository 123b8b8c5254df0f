package dev.pgstate.reconcilers.facade;

import dev.pgstate.reconcilers.core.apply.Host;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine takes from the world, given once so that tests can fake it: the environment (PG* variables,
 * secrets, systemd's credentials directory, the PATH a platform's restart command is found on), the clock, how
 * sessions are opened, and the OS user the engine runs as (the default user of a connection; pg_ctl is run as the
 * data directory's owner when it is root).
 */
public record EngineSettings(Map<String, String> env, Clock clock, SessionOpener opener, String osUser) {

    public EngineSettings {
        env = Map.copyOf(env);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(osUser, "osUser");
    }

    /** The system clock, pgjdbc, and the OS user of this process. */
    public static EngineSettings of(Map<String, String> env) {
        return new EngineSettings(env, Clock.systemUTC(), SessionOpener.PGJDBC, Host.ofThisProcess().osUser());
    }

    /** The same, opening sessions with {@code opener}. */
    public EngineSettings withOpener(SessionOpener opener) {
        return new EngineSettings(env, clock, opener, osUser);
    }

    Host host() {
        return Host.of(env, osUser);
    }
}
