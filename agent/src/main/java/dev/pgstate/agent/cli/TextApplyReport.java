package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.EffectsResult;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.render.TextPlanRenderer;
import java.util.List;

/**
 * What apply did, for people: the plan it carried out, then one closing line, or, when it failed, which change
 * failed, what was applied before it and what was not; when the server still differs, the plan of what is left.
 */
final class TextApplyReport {

    private final TextPlanRenderer plans = new TextPlanRenderer();

    String render(ConvergeResult result) {
        // The unchanged plan already says "No changes. ..." (or what needs manual action) in its own words.
        StringBuilder out = new StringBuilder(plans.render(result.plan()));
        ApplyResult applied = result.applied();
        switch (result.outcome()) {
            case UNCHANGED -> effects(result.effects(), out);
            case CONVERGED -> {
                out.append('\n').append(completed(applied.applied())).append('\n');
                effects(result.effects(), out);
            }
            case FAILED -> failed(applied, out);
            case NOT_CONVERGED -> out.append('\n').append(completed(applied.applied())).append('\n')
                    .append("\nThe server still differs from the spec afterwards. What is left:\n\n")
                    .append(plans.render(result.remaining().orElseThrow()));
        }
        return out.toString();
    }

    /** The stderr line of a failed apply: the (first) failed change and the server's words, or what is left. */
    static String errorLine(ConvergeResult result) {
        return result.applied().failureSummary()
                .map(summary -> "apply failed at " + summary)
                .orElseGet(() -> "the server did not converge: "
                        + Counts.of(result.remaining().map(p -> p.changes().size()).orElse(0), "change")
                        + " still pending after apply");
    }

    private static String completed(List<Change> applied) {
        return "Apply complete! " + count(applied, Action.Tally.ADD) + " added, " + count(applied, Action.Tally.CHANGE)
                + " changed, " + count(applied, Action.Tally.DESTROY) + " destroyed.";
    }

    /** What happened after the changes, in words: reload, restart, or a restart left to a person. */
    private static void effects(EffectsResult effects, StringBuilder out) {
        if (effects.reloaded()) {
            out.append("Reloaded the server configuration.\n");
        }
        if (effects.restarted()) {
            out.append("Restarted the server.\n");
        }
        if (!effects.awaitingRestart().isEmpty()) {
            out.append("Restart pending (restart: never): ").append(String.join(", ", effects.awaitingRestart()))
                    .append(" take effect when the server is restarted.\n");
        }
    }

    private static long count(List<Change> changes, Action.Tally tally) {
        return changes.stream().filter(c -> c.action().tally() == tally).count();
    }

    /**
     * Every failure, then what is on the server and what is not: a failed statement skips only what needs it, a
     * failed file or a lost session everything after it.
     */
    private static void failed(ApplyResult applied, StringBuilder out) {
        out.append('\n');
        applied.failures().forEach(failure -> out.append("Apply failed at ").append(failure.describe()).append('\n'));
        out.append("\nApplied:\n");
        changes(applied.applied(), out);
        if (!applied.rolledBack().isEmpty()) {
            out.append("Rolled back with a failed change (same transaction, or its files put back):\n");
            changes(applied.rolledBack(), out);
        }
        if (!applied.notAttempted().isEmpty()) {
            // the apply stops at a failed file (TLS files go before the SQL) or a lost session, not only at dependents
            out.append("Not attempted (the apply stopped before them, or they need a failed change):\n");
            changes(applied.notAttempted(), out);
        }
    }

    private static void changes(List<Change> changes, StringBuilder out) {
        if (changes.isEmpty()) {
            out.append("  (nothing)\n");
        }
        changes.forEach(change -> out.append("  ").append(change.action().symbol()).append(' ')
                .append(change.address()).append('\n'));
    }
}
