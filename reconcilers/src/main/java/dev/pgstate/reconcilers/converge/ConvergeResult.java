package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.EffectsResult;
import java.util.List;
import dev.pgstate.reconcilers.core.plan.Plan;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one apply: the plan that was carried out, what the applier did, the reload or restart that
 * followed, and, when the server still differs from the spec afterwards, the plan of what is left.
 */
public record ConvergeResult(Outcome outcome, Plan plan, ApplyResult applied, Optional<Plan> remaining,
                             EffectsResult effects) {

    /** How an apply ended; only {@link #FAILED} and {@link #NOT_CONVERGED} are errors. */
    public enum Outcome { UNCHANGED, CONVERGED, FAILED, NOT_CONVERGED }

    public ConvergeResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(effects, "effects");
    }

    /** Nothing to do, or only a restart the spec leaves to a person ({@code awaiting}, as addresses). */
    static ConvergeResult unchanged(Plan plan, List<String> awaitingRestart) {
        return new ConvergeResult(Outcome.UNCHANGED, plan, ApplyResult.completed(List.of()), Optional.empty(),
                new EffectsResult(false, false, awaitingRestart));
    }

    static ConvergeResult converged(Plan plan, ApplyResult applied, EffectsResult effects) {
        return new ConvergeResult(Outcome.CONVERGED, plan, applied, Optional.empty(), effects);
    }

    static ConvergeResult failed(Plan plan, ApplyResult applied, EffectsResult effects) {
        return new ConvergeResult(Outcome.FAILED, plan, applied, Optional.empty(), effects);
    }

    static ConvergeResult notConverged(Plan plan, ApplyResult applied, EffectsResult effects, Plan remaining) {
        return new ConvergeResult(Outcome.NOT_CONVERGED, plan, applied, Optional.of(remaining), effects);
    }

    public boolean succeeded() {
        return outcome == Outcome.UNCHANGED || outcome == Outcome.CONVERGED;
    }
}
