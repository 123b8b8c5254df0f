package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.sql.ServerError;
import java.util.List;

/** A failed reload or restart, reported like a failed change: the first change that needed it, and why. */
final class EffectFailures {

    private EffectFailures() {
    }

    /**
     * Every change stays applied (its value is on disk), unless a failed reload or restart was rolled back: then the
     * changes whose files were put back (settings files, and those {@code keptFiles} names) are not. The one blamed
     * is the first change that needed the effect.
     */
    static ApplyResult asApplyResult(List<Change> applied, EffectFailedException failure, List<Change> keptFiles) {
        Change blamed = applied.stream().filter(c -> c.effect() == failure.effect()).findFirst()
                .orElse(applied.get(applied.size() - 1));
        ServerError error = new ServerError(null, failure.getMessage(), null);
        String where = "while the server " + (failure.effect() == Effect.RESTART ? "restarted" : "reloaded");
        List<Change> undone = failure.isRolledBack()
                ? applied.stream().filter(c -> c.configFile().isPresent() || keptFiles.contains(c)).toList()
                : List.of();
        return ApplyResult.failed(applied.stream().filter(c -> !undone.contains(c)).toList(),
                new ApplyResult.Failure(blamed, error, where), undone, List.of());
    }
}
