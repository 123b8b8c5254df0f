package dev.pgstate.reconcilers.lint;

import dev.pgstate.reconcilers.conf.HbaRule;
import java.util.List;
import java.util.stream.Collectors;

/** pg_hba.conf rules that earlier rules shadow, as {@link ShadowedRules} decides them. */
final class ShadowCheck implements Check {

    @Override
    public boolean findsErrors() {
        return Rule.HBA_SHADOWED_RULE.severity() == Severity.ERROR;
    }

    @Override
    public void check(Subject subject, List<Finding> out) {
        List<Subject.HbaEntryAt> entries = subject.hbaRules();
        List<HbaRule> rules = entries.stream().map(Subject.HbaEntryAt::rule).toList();
        for (ShadowedRules.Reach reach : ShadowedRules.analyse(rules, subject.grammar())) {
            if (reach.shadowed()) {
                Subject.HbaEntryAt entry = entries.get(reach.index());
                out.add(new Finding(Rule.HBA_SHADOWED_RULE, entry.location(), "\"" + entry.rule()
                        + "\" is never reached: " + reach.shadowedBy().stream()
                        .map(i -> entries.get(i).location().describe()).collect(Collectors.joining(", "))
                        + " match" + (reach.shadowedBy().size() == 1 ? "es" : "") + " first"));
            }
        }
    }
}
