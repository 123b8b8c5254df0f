package dev.pgstate.agent.daemon;

/** What the daemon does with drift: {@link #ENFORCE} applies the plan, {@link #REPORT} only reports it. */
public enum Mode {
    ENFORCE, REPORT;

    public String label() {
        return name().toLowerCase();
    }
}
