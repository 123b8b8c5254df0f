package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.reconcilers.converge.Planner;
import java.util.ArrayList;
import java.util.List;

/** What planning found so far; each kind's planner adds to it and the {@link Planner} turns it into a Plan. */
public final class Findings {

    public final List<Change> changes = new ArrayList<>();
    public final List<ManualAction> manualActions = new ArrayList<>();
    public final List<Address> unmanaged = new ArrayList<>();
    public final List<String> problems = new ArrayList<>();
    public final List<Warning> warnings = new ArrayList<>();
    /**
     * What a kind leaves to plan once every kind has planned, run in the order added: the role kind's changes of roles
     * whose passwords are still being checked on other threads, which nothing the other kinds plan depends on.
     */
    public final List<Runnable> afterEveryKind = new ArrayList<>();
}
