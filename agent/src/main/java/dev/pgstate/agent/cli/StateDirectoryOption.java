package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.facade.StateDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The agent's state directory. There the daemon keeps its last cycle's report, {@code run}, {@code plan} and
 * {@code apply} remember which secrets matched their stored verifiers, so the next run costs no PBKDF2 for what has
 * not changed, and {@code plan} and {@code apply} the spec they parsed, so the next run given the same bytes does not
 * parse them again (see {@link Engine#rememberingIn}): {@code --state-directory}, else
 * systemd's {@code $STATE_DIRECTORY} (the daemon's), else, for {@code plan} and {@code apply} only,
 * {@code $XDG_STATE_HOME/pgstate} or {@code ~/.local/state/pgstate}. A directory given outright that others could write to is refused (exit 65), as
 * for the daemon; a default one is only warned about, and the run then remembers nothing. The launcher finds the
 * directory the same way to pick its JIT (packaging/src/deb/pgstate): the two must stay alike.
 */
final class StateDirectoryOption {

    private static final Logger LOG = LoggerFactory.getLogger(StateDirectoryOption.class);

    @Option(names = "--state-directory", paramLabel = "DIR",
            description = "The agent's state directory: the outcomes of password checks and the spec last parsed, "
                    + "remembered for the next run, and the daemon's last cycle report (default: $STATE_DIRECTORY as "
                    + "systemd sets it; else, for plan and apply, $XDG_STATE_HOME/pgstate or ~/.local/state/pgstate).")
    Path stateDir;

    /** The name up to 0.x, kept so units written for it still start; the spec's key is state_directory. */
    @Option(names = "--state-dir", paramLabel = "DIR", hidden = true)
    Path deprecatedStateDir;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** An engine that remembers its password checks in the state directory, or in memory when there is none. */
    Engine engine(AgentCommand agent) {
        return engine(agent.engine(), given(agent.env()), userStateDirectory(agent.env()));
    }

    /** The daemon's: in the directory given, else in memory only (it plans in one process for its life anyway). */
    Engine daemonEngine(AgentCommand agent) {
        return engine(agent.engine(), given(agent.env()), Optional.empty());
    }

    /**
     * The state directory's remembered checks, for {@code plan --out} and {@code apply PLANFILE}: the directory's
     * key seals saved plans, so one is needed, and both must use the same.
     */
    StateDirectory savedPlanDirectory(Map<String, String> env) {
        Optional<Path> given = given(env);
        Path directory = given.or(() -> userStateDirectory(env)).orElseThrow(() -> new AgentException(ExitCode.USAGE,
                "a saved plan needs a state directory, whose key seals it: give --state-directory (or set HOME)"));
        try {
            return StateDirectory.in(directory);
        } catch (IOException e) {
            throw new AgentException(ExitCode.INVALID_SPEC, "state directory refused: " + e.getMessage(), e);
        }
    }

    private static Engine engine(Engine inMemory, Optional<Path> given, Optional<Path> fallback) {
        Optional<Path> directory = given.or(() -> fallback);
        if (directory.isEmpty()) {
            return inMemory;
        }
        try {
            return inMemory.rememberingIn(directory.get());
        } catch (IOException e) {
            if (given.isPresent()) {
                throw new AgentException(ExitCode.INVALID_SPEC, "state directory refused: " + e.getMessage(), e);
            }
            LOG.warn("event=password_checks_not_remembered problem=\"{}\"", e.getMessage());
            return inMemory;
        }
    }

    /** {@code --state-directory}, else the first of systemd's {@code $STATE_DIRECTORY} (it may list several). */
    Optional<Path> given(Map<String, String> env) {
        if (deprecatedStateDir != null) {
            if (stateDir != null) {
                throw new AgentException(ExitCode.USAGE, "--state-dir is the old name of --state-directory: give one");
            }
            command.commandLine().getErr().println("warning: --state-dir is deprecated; use --state-directory, the "
                    + "name issue-client-cert and the spec's tls.state_directory use");
            return Optional.of(deprecatedStateDir);
        }
        if (stateDir != null) {
            return Optional.of(stateDir);
        }
        String fromSystemd = env.getOrDefault("STATE_DIRECTORY", "");
        return fromSystemd.isEmpty() ? Optional.empty() : Optional.of(Path.of(fromSystemd.split(":")[0]));
    }

    private static Optional<Path> userStateDirectory(Map<String, String> env) {
        String xdg = env.getOrDefault("XDG_STATE_HOME", "");
        if (xdg.startsWith("/")) {
            return Optional.of(Path.of(xdg, "pgstate"));
        }
        String home = env.getOrDefault("HOME", "");
        return home.startsWith("/") ? Optional.of(Path.of(home, ".local", "state", "pgstate")) : Optional.empty();
    }
}
