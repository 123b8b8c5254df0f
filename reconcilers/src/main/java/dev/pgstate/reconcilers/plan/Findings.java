package dev.pgstate.reconcilers.plan;

import java.util.ArrayList;
import java.util.List;

/** What planning found so far; each kind's planner adds to it and the {@link Planner} turns it into a Plan. */
final class Findings {

    final List<Change> changes = new ArrayList<>();
    final List<ManualAction> manualActions = new ArrayList<>();
    final List<Address> unmanaged = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<Warning> warnings = new ArrayList<>();
}
