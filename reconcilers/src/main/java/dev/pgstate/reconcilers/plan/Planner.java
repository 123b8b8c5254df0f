package dev.pgstate.reconcilers.plan;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.live.LiveState;
import java.util.Comparator;

/**
 * Classifies every spec-versus-server pair in one place and returns the ordered plan. Pure: no I/O, the
 * same inputs always give the same plan.
 */
public final class Planner {

    /** @throws PlanningException listing every reference the spec makes that neither it nor the server satisfies */
    public Plan plan(Spec spec, LiveState live) {
        Findings findings = new Findings();
        PlanIndex index = new PlanIndex(spec, live);
        new RolePlanner(index, findings).plan();
        new MembershipPlanner(index, findings).plan();
        new DatabasePlanner(index, findings).plan();
        new HbaPlanner(index, findings).plan();
        if (!findings.problems.isEmpty()) {
            throw new PlanningException(findings.problems);
        }
        findings.manualActions.sort(Comparator.comparing(ManualAction::address));
        findings.unmanaged.sort(Comparator.naturalOrder());
        return new Plan(ChangeOrder.sort(findings.changes), findings.manualActions, findings.unmanaged);
    }
}
