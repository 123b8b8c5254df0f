package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.plan.LockoutRefusedException;
import dev.pgstate.reconcilers.core.plan.Plan;
import java.util.List;

/**
 * Whether apply may carry out changes that would stop a connection that must keep working (the agent's own, a
 * must_keep connection of pg_hba.conf): whichever kind's change it is, each says so itself ({@code Change#lockouts}).
 */
public enum LockoutPolicy {
    /** The default: such an apply is refused before anything is changed. */
    REFUSE,
    /** {@code --allow-lockout}: the person has read the plan's warning and wants it anyway. */
    ALLOW;

    /** @throws LockoutRefusedException naming every lockout of {@code plan}, when this policy refuses them */
    public void check(Plan plan) {
        List<String> lockedOut = plan.changes().stream().flatMap(change -> change.lockouts().stream()).toList();
        if (!lockedOut.isEmpty() && this == REFUSE) {
            throw new LockoutRefusedException(plan, lockedOut);
        }
    }
}
