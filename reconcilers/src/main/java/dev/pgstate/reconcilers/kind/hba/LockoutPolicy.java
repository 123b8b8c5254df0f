package dev.pgstate.reconcilers.kind.hba;

/** Whether apply may write pg_hba.conf rules that lock out the agent or a must_keep connection. */
public enum LockoutPolicy {
    /** The default: such an apply is refused before anything is changed. */
    REFUSE,
    /** {@code --allow-lockout}: the person has read the plan's warning and wants it anyway. */
    ALLOW
}
