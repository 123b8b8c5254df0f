package dev.pgstate.agent.cli;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every exit status the agent uses. Usage errors are 64, not picocli's 2, so that a typo never looks like
 * "changes pending" to a script checking {@code agent plan}.
 */
public enum ExitCode {
    OK(0, "ok: valid spec, no changes, or converged"),
    RUNTIME_ERROR(1, "runtime error: cannot connect, a statement failed, or the server did not converge; "
            + "apply PLANFILE: the saved plan is stale (what moved is named); explain: no rule lets the connection "
            + "in; lint, audit: errors found (warnings too with --strict)"),
    CHANGES_PENDING(2, "plan, push: changes are pending"),
    UNDECIDED(3, "explain: undecided: a host-name rule could not be looked up (a lookup failed, or --no-resolve)"),
    MANUAL_ACTION(4, "plan, apply: nothing left for the agent to do, but a manual action is needed (e.g. a role "
            + "whose drop is blocked by objects it owns, a database whose encoding differs)"),
    USAGE(64, "usage error: unknown option, missing argument, or no such spec or plan file"),
    INVALID_SPEC(65, "invalid spec: the spec has problems or cannot be planned against this server, or apply "
            + "refused pg_hba.conf rules that would lock out a connection, or a plan file it may not use; "
            + "explain: the server would refuse the "
            + "pg_hba.conf (each bad line is printed)");

    private static final Set<ExitCode> COMMON = EnumSet.of(OK, RUNTIME_ERROR, USAGE, INVALID_SPEC);
    /** The codes each command can end with, so that its help lists those only; the top command lists them all. */
    private static final Map<String, Set<ExitCode>> BY_COMMAND = Map.of(
            "plan", EnumSet.of(OK, RUNTIME_ERROR, CHANGES_PENDING, MANUAL_ACTION, USAGE, INVALID_SPEC),
            "apply", EnumSet.of(OK, RUNTIME_ERROR, MANUAL_ACTION, USAGE, INVALID_SPEC),
            "push", EnumSet.of(OK, RUNTIME_ERROR, CHANGES_PENDING, USAGE, INVALID_SPEC),
            "explain", EnumSet.of(OK, RUNTIME_ERROR, UNDECIDED, USAGE, INVALID_SPEC),
            "export", EnumSet.of(OK, RUNTIME_ERROR, USAGE),
            "schema", EnumSet.of(OK, USAGE));

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** OK, or MANUAL_ACTION when {@code plan} names something only a person can do. */
    static ExitCode orManualAction(dev.pgstate.reconcilers.core.plan.Plan plan) {
        return plan.manualActions().isEmpty() ? OK : MANUAL_ACTION;
    }

    /**
     * The list shown under "Exit codes:" in a command's help, keyed by the right-aligned code; each meaning is one
     * line that picocli wraps, so continuation lines stay in its column.
     */
    static Map<String, String> helpList(Set<ExitCode> codes) {
        Map<String, String> list = new LinkedHashMap<>();
        codes.forEach(exit -> list.put(String.format("%3d", exit.code), exit.meaning));
        return list;
    }

    /** The codes of {@code command} (a verb's name), or every code for the top command ({@code null}). */
    static Set<ExitCode> of(String command) {
        return command == null ? EnumSet.allOf(ExitCode.class) : BY_COMMAND.getOrDefault(command, COMMON);
    }
}
