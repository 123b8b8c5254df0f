package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.core.plan.Warning;
import dev.pgstate.reconcilers.kind.membership.RevokeMembership;
import dev.pgstate.reconcilers.kind.role.DropRole;

/**
 * pg_hba.conf could not be read for a spec that leaves it alone ({@code reason}: the agent is not on the server's
 * box, or may not see where the file is). Nothing to plan, but a revoke or drop in the plan might take away the
 * group the agent gets in through ({@code +group}), which the lockout check then cannot judge: each one is named in
 * a warning rather than passed in silence.
 */
record UnreadHba(String reason) implements KindState {

    @Override
    public boolean plansFromInputsAlone(Spec spec) {
        return true;
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
        for (Change change : findings.changes) {
            String what = change instanceof RevokeMembership revoke
                    ? "revoking " + revoke.role() + " from " + revoke.member()
                    : change instanceof DropRole drop ? "dropping role " + drop.role() : null;
            if (what != null) {
                findings.warnings.add(new Warning(change.address(), "pg_hba.conf could not be read (" + reason
                        + "): whether " + what + " locks the agent out through a +group rule is not checked"));
            }
        }
    }

    @Override
    public Spec export(Spec exported) {
        return exported;
    }
}
