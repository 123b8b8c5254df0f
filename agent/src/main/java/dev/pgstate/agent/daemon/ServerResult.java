package dev.pgstate.agent.daemon;

import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.LockoutRefusedException;
import dev.pgstate.reconcilers.core.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one cycle found and did on the server: the drift (the plan at the start of the cycle, absent when the
 * server could not be read), the changes made, the failure if any, the changes still pending afterwards, and whether
 * the server still has to be restarted for some of them (the spec leaves it to a person, or the restart failed).
 */
public record ServerResult(Optional<Plan> drift, List<Change> changed, Optional<String> failure, List<Change> pending,
                           boolean restartPending) {

    public ServerResult {
        Objects.requireNonNull(drift, "drift");
        changed = List.copyOf(changed);
        Objects.requireNonNull(failure, "failure");
        pending = List.copyOf(pending);
    }

    /** Report mode: the drift is found and every change in it stays pending. */
    static ServerResult reported(Plan drift) {
        return new ServerResult(Optional.of(drift), List.of(), Optional.empty(), drift.changes(),
                drift.effects().contains(Effect.RESTART));
    }

    /** Enforce mode: what the apply changed, and what it left pending when it failed or did not converge. */
    static ServerResult enforced(ConvergeResult result, String failureLine) {
        ApplyResult applied = result.applied();
        List<Change> pending = new ArrayList<>();
        applied.failures().forEach(failure -> pending.add(failure.change()));
        pending.addAll(applied.rolledBack());
        pending.addAll(applied.notAttempted());
        result.remaining().ifPresent(remaining -> pending.addAll(remaining.changes()));
        Optional<String> failure = result.succeeded() ? Optional.empty() : Optional.of(failureLine);
        boolean restartPending = result.plan().effects().contains(Effect.RESTART) && !result.effects().restarted();
        return new ServerResult(Optional.of(result.plan()), applied.applied(), failure, pending, restartPending);
    }

    /**
     * Enforce mode: the plan was made and the apply refused it, changing nothing, since it would lock out the agent
     * or a must_keep connection; every change in it stays pending.
     */
    static ServerResult refusedForLockout(LockoutRefusedException refusal) {
        Plan plan = refusal.plan();
        return new ServerResult(Optional.of(plan), List.of(), Optional.of("apply refused, nothing was changed: "
                + String.join("; ", refusal.lockouts())),
                plan.changes(), plan.effects().contains(Effect.RESTART));
    }

    /** The server could not be reached or read, or the plan could not be made: nothing is known. */
    static ServerResult failed(String failure) {
        return new ServerResult(Optional.empty(), List.of(), Optional.of(failure), List.of(), false);
    }
}
