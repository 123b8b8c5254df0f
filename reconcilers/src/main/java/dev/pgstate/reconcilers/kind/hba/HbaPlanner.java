package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.kind.membership.LiveMemberships;
import dev.pgstate.reconcilers.kind.role.LiveRoles;
import java.util.List;

/**
 * Plans pg_hba.conf: the spec's rules checked against this server's grammar, laid out in the file, diffed rule by
 * rule against the live file, and evaluated against the connections that must keep working. Reads only the
 * files the live one includes; the live file itself comes from the live state.
 */
final class HbaPlanner {

    private final HbaSpec spec;
    private final LiveHba live;
    private final LiveRoles roles;
    private final LiveMemberships memberships;
    private final Findings findings;

    /**
     * @param spec the spec's hba section, null when it leaves pg_hba.conf alone
     * @param live the file as read
     * @param roles the server's roles and {@code memberships} their grants, which rules name as users and groups
     */
    HbaPlanner(HbaSpec spec, LiveHba live, LiveRoles roles, LiveMemberships memberships, Findings findings) {
        this.spec = spec;
        this.live = live;
        this.roles = roles;
        this.memberships = memberships;
        this.findings = findings;
    }

    public void plan() {
        if (spec == null) {
            return;
        }
        HbaFileParser parser = new HbaFileParser(live.grammar(), ConfFiles.disk());
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
        if (desired.equals(live.text())) {
            if (live.modified().isAfter(live.confLoadTime())) {
                // written but never loaded: an earlier apply stopped between the rename and the reload
                findings.changes.add(new RewriteHbaFile(live.file(), live.text(), desired, List.of(), List.of(),
                        live.grammar()));
            }
            return;
        }
        HbaFile next = parser.parse(live.file(), desired);
        LockoutCheck check = new LockoutCheck(Explainer.of(live, RoleGraph.of(roles, memberships), HostNames.system()),
                live.file());
        List<String> lockouts = check.lockouts(HbaTree.load(parser, current), HbaTree.load(parser, next),
                Guarded.of(live.agentSession(), spec.mustKeep()));
        List<AttributeChange<HbaRuleAttribute>> moves = RuleDiff.between(current, next, live.grammar().major()).stream()
                .map(HbaPlanner::attribute).toList();
        findings.changes.add(new RewriteHbaFile(live.file(), live.text(), desired, moves, lockouts, live.grammar()));
    }

    private static AttributeChange<HbaRuleAttribute> attribute(RuleMove move) {
        return new AttributeChange<>(new HbaRuleAttribute(move.rule()), line(move.fromLine()), line(move.toLine()));
    }

    private static String line(Integer number) {
        return number == null ? null : "line " + number;
    }
}
