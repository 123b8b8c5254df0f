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
import java.util.stream.Stream;

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

    /**
     * Unless a file is read beside the live one: the planner reads an {@code @file} of the live file or of the spec's
     * rules, and an {@code include} directive's file, from disk as it plans ({@link #mayNameAFile}). Name lookups
     * count only in a change's lockouts, and a plan given again has no change.
     */
    @Override
    public boolean plansFromInputsAlone(Spec spec) {
        return !mayNameAFile(live.text()) && (spec.hba() == null
                || spec.hba().rules().stream().flatMap(rule -> Stream.concat(rule.databases().stream(),
                        rule.users().stream())).noneMatch(name -> name.contains("@")));
    }

    /**
     * Whether the text of pg_hba.conf may name another file: an {@code @} or {@code include} anywhere but in a
     * comment. Told without parsing, erring towards yes: a comment is left out only on a line without a quote before
     * its {@code #} that neither continues nor is continued (a backslash at the end), so that the comments of the
     * file initdb writes, which explain both, do not count.
     */
    static boolean mayNameAFile(String text) {
        boolean continued = false;
        for (String line : text.split("\n", -1)) {
            boolean continues = line.stripTrailing().endsWith("\\");
            int hash = line.indexOf('#');
            int quote = line.indexOf('"');
            boolean comment = hash >= 0 && !continued && !continues && (quote < 0 || quote > hash);
            String meant = comment ? line.substring(0, hash) : line;
            if (meant.contains("@") || meant.contains("include")) {
                return true;
            }
            continued = continues;
        }
        return false;
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
