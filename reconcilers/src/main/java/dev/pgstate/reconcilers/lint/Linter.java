package dev.pgstate.reconcilers.lint;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.spec.LintSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule set: {@link #lint} judges a spec alone, offline; {@code Auditor} judges the live server with the same
 * checks. Silencing happens here, once, for both.
 */
public final class Linter {

    private static final List<Check> CHECKS = List.of(new HbaRuleChecks(), new SettingChecks(), new RoleChecks(),
            new ShadowCheck(), new HbaContextChecks());

    private Linter() {
    }

    /** Every finding the spec alone shows, silenced ones marked. */
    public static LintReport lint(LoadedSpec loaded, Instant now) {
        return report(run(SpecSubject.of(loaded, now)), loaded);
    }

    static List<Finding> run(Subject subject) {
        List<Finding> found = new ArrayList<>();
        CHECKS.forEach(check -> check.check(subject, found));
        return found;
    }

    /** Only the checks that can find errors: what plan shows, without the cost of the others on a large spec. */
    static List<Finding> runForErrors(Subject subject) {
        List<Finding> found = new ArrayList<>();
        CHECKS.stream().filter(Check::findsErrors).forEach(check -> check.check(subject, found));
        return found;
    }

    /** The findings with the spec's silences applied, plus an error for each silence naming no rule. */
    static LintReport report(List<Finding> findings, LoadedSpec loaded) {
        LintSpec lint = loaded.spec().lint();
        List<Finding> all = new ArrayList<>();
        for (Finding finding : findings) {
            String reason = lint.reasonToIgnore(finding.rule().id());
            all.add(reason == null ? finding : finding.silencedBecause(reason));
        }
        for (int i = 0; i < lint.ignore().size(); i++) {
            String id = lint.ignore().get(i).rule();
            if (Rule.byId(id).isEmpty()) {
                all.add(new Finding(Rule.LINT_UNKNOWN_IGNORE, SpecSubject.at(loaded.source(), "lint.ignore[" + i + "].rule"),
                        "no rule has the id \"" + id + "\""));
            }
        }
        return new LintReport(all);
    }
}
