package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.kind.membership.LiveMemberships;
import dev.pgstate.reconcilers.kind.membership.RevokeMembership;
import dev.pgstate.reconcilers.kind.role.DropRole;
import dev.pgstate.reconcilers.kind.role.LiveRoles;
import java.util.List;
import java.util.function.Predicate;

/**
 * Plans pg_hba.conf: the spec's rules checked against this server's grammar, laid out in the file, diffed rule by
 * rule against the live file, and evaluated against the connections that must keep working. A spec that leaves
 * the file alone plans no rule change, but the plan's revokes and drops are still judged by the file as it is.
 * Reads only the files the live one includes; the live file itself comes from the live state.
 */
final class HbaPlanner {

    private final HbaSpec spec;
    private final LiveHba live;
    private final RoleGraph now;
    private final RoleGraph afterPlan;
    private final Findings findings;

    /**
     * Runs after the roles and memberships are planned: the rules are judged by the roles and grants there will be
     * once those changes are made ({@code +group} rules), so a grant made in the same apply counts and a revoke or
     * drop that takes away the group a guarded connection gets in through is a lockout.
     *
     * @param spec the spec's hba section, null when it leaves pg_hba.conf alone
     * @param live the file as read
     * @param roles the server's roles and {@code memberships} their grants, which rules name as users and groups
     */
    HbaPlanner(HbaSpec spec, LiveHba live, LiveRoles roles, LiveMemberships memberships, Findings findings) {
        this.spec = spec;
        this.live = live;
        this.now = RoleGraph.of(roles, memberships);
        this.afterPlan = now.after(findings.changes);
        this.findings = findings;
    }

    public void plan() {
        HbaFileParser parser = new HbaFileParser(live.grammar(), ConfFiles.disk());
        if (spec == null) {
            // the file is left as it is, but the plan's revokes and drops may still take away the agent's group
            if (findings.changes.stream().noneMatch(change -> change instanceof RevokeMembership
                    || change instanceof DropRole)) {
                return;
            }
            HbaTree file = HbaTree.load(parser, parser.parse(live.file(), live.text()));
            markGroupLockouts(new LockoutCheck(Explainer.of(live, afterPlan, HostNames.system()), live.file()), file,
                    Guarded.of(live.agentSession(), List.of()));
            return;
        }
        SpecRules.Result rules = SpecRules.parse(spec.rules(), parser, live.file());
        if (!rules.problems().isEmpty()) {
            findings.problems.addAll(rules.problems());
            return;
        }
        HbaFile current = parser.parse(live.file(), live.text());
        String desired;
        try {
            desired = HbaLayout.of(spec).render(parser, current, rules.rules());
        } catch (HbaLayout.MalformedBlock | HbaLayout.UnfaithfulText e) {
            findings.problems.add(e.getMessage());
            return;
        }
        List<Guarded> guarded = Guarded.of(live.agentSession(), spec.mustKeep());
        HbaTree currentTree = HbaTree.load(parser, current);
        LockoutCheck check = new LockoutCheck(Explainer.of(live, afterPlan, HostNames.system()), live.file());
        if (desired.equals(live.text())) {
            if (live.modified().isAfter(live.confLoadTime())) {
                // written but never loaded: an earlier apply stopped between the rename and the reload
                findings.changes.add(new RewriteHbaFile(live.file(), live.text(), desired, List.of(), List.of(),
                        live.grammar()));
            }
            markGroupLockouts(check, currentTree, guarded);
            return;
        }
        HbaFile next = parser.parse(live.file(), desired);
        List<String> lockouts = check.lockouts(currentTree, HbaTree.load(parser, next), guarded);
        List<AttributeChange<HbaRuleAttribute>> moves = RuleDiff.between(current, next, live.grammar().major()).stream()
                .map(HbaPlanner::attribute).toList();
        findings.changes.add(new RewriteHbaFile(live.file(), live.text(), desired, moves, lockouts, live.grammar()));
    }

    /**
     * The file stays, but a connection it lets in today through a group ({@code +group}) would be refused once the
     * plan's revokes and drops are made: those of a group the connection's user is in today carry the lockout.
     */
    private void markGroupLockouts(LockoutCheck check, HbaTree file, List<Guarded> guarded) {
        LockoutCheck today = new LockoutCheck(Explainer.of(live, now, HostNames.system()), live.file());
        List<Guarded> losing = guarded.stream().filter(g -> today.lockouts(file, file, List.of(g)).isEmpty()
                && !check.lockouts(file, file, List.of(g)).isEmpty()).toList();
        if (losing.isEmpty()) {
            return;
        }
        List<String> lockouts = check.lockouts(file, file, losing).stream()
                .map(lockout -> lockout + " (once the plan's roles and memberships are changed)").toList();
        Predicate<String> groupOfAGuardedUser = group -> losing.stream()
                .anyMatch(g -> !g.client().user().equals(group) && now.isMember(g.client().user(), group));
        findings.changes.replaceAll(change -> {
            if (change instanceof RevokeMembership revoke && groupOfAGuardedUser.test(revoke.role())) {
                return revoke.withLockouts(lockouts);
            }
            if (change instanceof DropRole drop && groupOfAGuardedUser.test(drop.role())) {
                return drop.withLockouts(lockouts);
            }
            return change;
        });
    }

    private static AttributeChange<HbaRuleAttribute> attribute(RuleMove move) {
        return new AttributeChange<>(new HbaRuleAttribute(move.rule()), line(move.fromLine()), line(move.toLine()));
    }

    private static String line(Integer number) {
        return number == null ? null : "line " + number;
    }
}
