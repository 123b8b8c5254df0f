package dev.pgstate.agent.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One box of the inventory, with the inventory's defaults filled in.
 *
 * @param identityFile the private key to log in with; empty: the keys ssh-agent holds
 * @param agentCommand the shell words that run the agent on the box ({@code pgstate}, or with PG* settings before it)
 * @param specPath     where the box's agent reads its spec: the push puts the rendered spec there
 * @param vars         the values {@code ${box.KEY}} stands for in the spec, besides {@code name} and {@code host}
 * @param stateDirectory the box's daemon's state directory, where {@code --via-daemon} reads its last cycle report
 * @param daemonReloadCommand what {@code --via-daemon} runs on the box after the spec is in place, if anything: the
 *                     daemon notices a new spec within a second by itself; run as the agent's user, through the
 *                     box's become like every step that touches the agent, since that user owns the daemon
 * @param become       how the box's agent commands and spec files become the agent's user, when the login user is
 *                     another
 */
public record Box(String name, String host, int port, String user, Optional<Path> identityFile, List<String> groups,
        Map<String, String> vars, String agentCommand, String specPath, String stateDirectory,
        Optional<String> daemonReloadCommand, Optional<Become> become) {

    public Box {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(identityFile, "identityFile");
        groups = List.copyOf(groups);
        vars = Map.copyOf(vars);
        Objects.requireNonNull(agentCommand, "agentCommand");
        Objects.requireNonNull(specPath, "specPath");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(daemonReloadCommand, "daemonReloadCommand");
        Objects.requireNonNull(become, "become");
    }

    /** The value of {@code ${box.KEY}}: a variable, or the box's own name or host. */
    Optional<String> variable(String key) {
        return switch (key) {
            case "name" -> Optional.of(name);
            case "host" -> Optional.of(host);
            default -> Optional.ofNullable(vars.get(key));
        };
    }

    /** {@code user@host:port}, as messages name where the box is. */
    String address() {
        return user + "@" + host + ":" + port;
    }
}
