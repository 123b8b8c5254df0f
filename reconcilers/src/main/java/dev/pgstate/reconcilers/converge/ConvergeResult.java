package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.apply.ApplyResult;
import dev.pgstate.reconcilers.plan.Plan;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one apply: the plan that was carried out, what the applier did, and, when the server still
 * differs from the spec afterwards, the plan of what is left.
 */
public record ConvergeResult(Outcome outcome, Plan plan, ApplyResult applied, Optional<Plan> remaining) {

    /** How an apply ended; only {@link #FAILED} and {@link #NOT_CONVERGED} are errors. */
    public enum Outcome { UNCHANGED, CONVERGED, FAILED, NOT_CONVERGED }

    public ConvergeResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(remaining, "remaining");
    }

    static ConvergeResult unchanged(Plan plan) {
        return new ConvergeResult(Outcome.UNCHANGED, plan, ApplyResult.completed(plan.changes()), Optional.empty());
    }

    static ConvergeResult converged(Plan plan, ApplyResult applied) {
        return new ConvergeResult(Outcome.CONVERGED, plan, applied, Optional.empty());
    }

    static ConvergeResult failed(Plan plan, ApplyResult applied) {
        return new ConvergeResult(Outcome.FAILED, plan, applied, Optional.empty());
    }

    static ConvergeResult notConverged(Plan plan, ApplyResult applied, Plan remaining) {
        return new ConvergeResult(Outcome.NOT_CONVERGED, plan, applied, Optional.of(remaining));
    }

    public boolean succeeded() {
        return outcome == Outcome.UNCHANGED || outcome == Outcome.CONVERGED;
    }
}
