package dev.pgstate.reconcilers.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plan was made, and the apply refused it before changing anything because it would lock out the agent or a
 * {@code must_keep} connection: the problems say how, and the plan is kept so that a report can show what was refused
 * (the daemon's cycle line, its pending changes) rather than that the server was not read.
 */
public final class LockoutRefusedException extends PlanningException {

    private final transient Plan plan;
    private final List<String> lockouts;

    /** @param lockouts how each change would lock someone out, one line each */
    public LockoutRefusedException(Plan plan, List<String> lockouts) {
        super(withOverride(lockouts));
        this.plan = Objects.requireNonNull(plan, "plan");
        this.lockouts = List.copyOf(lockouts);
    }

    private static List<String> withOverride(List<String> lockouts) {
        List<String> problems = new ArrayList<>(lockouts);
        problems.add("nothing was changed; --allow-lockout applies it anyway");
        return problems;
    }

    public Plan plan() {
        return plan;
    }

    /** The problems without the command line's way round them, for the daemon, which has none. */
    public List<String> lockouts() {
        return lockouts;
    }
}
