package dev.pgstate.reconcilers.core.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The box the engine runs on, as far as a restart needs it: which programs can be run (a platform's restart
 * command), and the OS user the engine runs as (pg_ctl refuses root). The facade hands in its own, from its settings,
 * so a test can give another.
 *
 * @param onPath whether a program of that name can be run
 * @param osUser the engine's OS user
 */
public record Host(Predicate<String> onPath, String osUser) {

    public Host {
        Objects.requireNonNull(onPath, "onPath");
    }

    /** The programs on {@code env}'s PATH ({@code /usr/bin:/bin} when it has none). */
    public static Host of(Map<String, String> env, String osUser) {
        List<String> path = List.of(env.getOrDefault("PATH", "/usr/bin:/bin").split(":"));
        return new Host(program -> path.stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, program))), osUser);
    }

    /** This process's environment and user: for whoever runs the engine without its facade (tests, benchmarks). */
    public static Host ofThisProcess() {
        return of(System.getenv(), System.getProperty("user.name"));
    }

    public boolean isRoot() {
        return "root".equals(osUser);
    }
}
