package dev.pgstate.agent.fleet;

import java.util.Locale;
import java.util.Objects;

/**
 * How a box's commands become the agent's OS user after logging in as another: the spec is written, moved into place
 * and planned or applied by that user, so it is theirs, mode 0600. Never prompting: a box that would ask for a
 * password fails at once with what sudo or runuser said, rather than hang.
 *
 * @param user the agent's OS user on the box
 */
public record Become(Method method, String user) {

    /** The commands that can switch user without a terminal. */
    public enum Method {
        /** {@code sudo -n}: the login user needs a NOPASSWD rule for {@code user}; anything else fails at once. */
        SUDO,
        /** {@code runuser}: only for a login user that is root. */
        RUNUSER
    }

    public Become {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(user, "user");
    }

    /** {@code command} (shell words) run by {@code sh} as {@link #user}, as a command line for the login shell. */
    String wrap(String command) {
        String as = switch (method) {
            case SUDO -> "sudo -n -u " + BoxPush.shellQuoted(user) + " --";
            case RUNUSER -> "runuser -u " + BoxPush.shellQuoted(user) + " --";
        };
        return as + " sh -c " + BoxPush.shellQuoted(command);
    }

    /** {@code sudo as postgres}, for messages. */
    String describe() {
        return method.name().toLowerCase(Locale.ROOT) + " as " + user;
    }
}
