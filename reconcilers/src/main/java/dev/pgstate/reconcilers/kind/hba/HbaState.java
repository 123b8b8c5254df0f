package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.kind.membership.MembershipState;
import dev.pgstate.reconcilers.kind.role.RoleState;
import java.util.List;
import java.util.Map;

/**
 * pg_hba.conf as read, which plans itself against the spec's rules (or, for a spec that leaves the file alone, only
 * judges the plan's revokes and drops by it) with the roles and membership grants the role and membership kinds read (rules name users and groups, and the lockout check follows
 * them). It plans after the membership kind (the registry's order), whose grants and revokes are then among the
 * plan's changes: a +group rule is judged by the memberships the apply leaves. An exported spec's rules come from {@link HbaExport}, read whatever the spec says.
 */
public record HbaState(LiveHba live) implements KindState {

    @Override
    public void plan(PlanContext context, Findings findings) {
        new HbaPlanner(context.planned().hba(), live, RoleState.liveIn(context.states()),
                MembershipState.liveIn(context.states()), findings).plan();
    }

    /** The file, its path and every line. */
    @Override
    public Map<Address, String> digestTexts(Spec spec, List<KindState> read) {
        return Map.of(Address.of(HbaKind.NAME, "file"), live.file() + "\n" + live.text());
    }

    @Override
    public Spec export(Spec exported) {
        return exported;
    }
}
