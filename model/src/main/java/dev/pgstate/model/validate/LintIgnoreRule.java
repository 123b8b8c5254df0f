package dev.pgstate.model.validate;

import dev.pgstate.model.spec.LintSpec;
import dev.pgstate.model.spec.Spec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A silenced lint rule names a rule id and says why: a silence without a reason hides a weakness from the next
 * reviewer. Whether the id is one the agent knows is checked by lint itself, which holds the rule set.
 */
final class LintIgnoreRule implements SpecRule {

    private static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    @Override
    public void check(Spec spec, Problems problems) {
        List<LintSpec.Ignore> ignore = spec.lint().ignore();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ignore.size(); i++) {
            LintSpec.Ignore entry = ignore.get(i);
            String field = "lint.ignore[" + i + "]";
            if (!RULE_ID.matcher(entry.rule()).matches()) {
                problems.add(field + ".rule", "expected a rule id such as hba-trust, found \"" + entry.rule() + "\"");
            } else if (!seen.add(entry.rule())) {
                problems.add(field + ".rule", "rule " + entry.rule() + " is already silenced above");
            }
            if (entry.reason() == null || entry.reason().isBlank()) {
                problems.add(field, "a reason is required: say why this rule does not apply here");
            }
        }
    }
}
