package dev.pgstate.model.validate;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.load.SpecProblem;
import dev.pgstate.model.spec.Spec;
import java.util.List;

/** Checks a loaded spec against every rule and reports all problems at once, in file order. */
public final class SpecValidator {

    private static final List<SpecRule> RULES = List.of(
            new NameRule(),
            new ControlCharacterRule(),
            new ReservedRoleNameRule(),
            new UniqueNameRule(),
            new ConnectionLimitRule(),
            new ValidUntilRule(),
            new PasswordRule(),
            new MembershipRule(),
            new AbsentObjectRule(),
            new ReassignOwnedRule(),
            new DatabaseOwnerRule(),
            new SchemaRule(),
            new ExtensionRule(),
            new LocaleRule(),
            new EncodingRule(),
            new ConnectionRule(),
            new ServerRule(),
            new ObjectSettingsRule(),
            new HbaRuleSpecRule(),
            new TlsRule(),
            new UnmanagedRule(),
            new LintIgnoreRule());

    private SpecValidator() {
    }

    /** Every problem, in the order the rules found them; empty when the spec is valid. */
    public static List<SpecProblem> problems(LoadedSpec loaded) {
        Problems problems = new Problems(loaded.source());
        RULES.forEach(rule -> rule.check(loaded.spec(), problems));
        return problems.all();
    }

    /** @throws SpecException with all problems when there is any */
    public static Spec validate(LoadedSpec loaded) {
        List<SpecProblem> problems = problems(loaded);
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return loaded.spec();
    }
}
