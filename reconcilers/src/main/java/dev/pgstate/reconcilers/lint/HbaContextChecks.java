package dev.pgstate.reconcilers.lint;

import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaToken;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * pg_hba.conf rules against what surrounds them on a live server: the names they use must exist, and lines a person
 * added outside the agent's block must not let in more than the block does (a hand-made {@code trust} line below
 * the block is reloaded by every apply).
 */
final class HbaContextChecks implements Check {

    private static final List<String> DATABASE_KEYWORDS = List.of("all", "sameuser", "samerole", "samegroup",
            "replication");

    @Override
    public void check(Subject subject, List<Finding> out) {
        for (Subject.HbaEntryAt entry : subject.hbaRules()) {
            HbaRule rule = entry.rule();
            unknownNames(rule.userNames(), subject.existingRoles(), "role", entry, subject, out);
            unknownNames(rule.databaseNames(), subject.existingDatabases(), "database", entry, subject, out);
        }
        unmanagedPermissive(subject, out);
    }

    private static void unknownNames(List<HbaToken> tokens, Optional<Set<String>> existing, String kind,
                                     Subject.HbaEntryAt entry, Subject subject, List<Finding> out) {
        if (existing.isEmpty()) {
            return;
        }
        for (HbaToken token : tokens) {
            String name = token.isGroup() ? token.text().substring(1) : token.text();
            boolean named = token.isGroup() || (RuleShape.isName(token, subject.grammar())
                    && !(kind.equals("database") && !token.quoted() && DATABASE_KEYWORDS.contains(name)));
            if (named && !existing.get().contains(name)) {
                out.add(new Finding(Rule.HBA_UNKNOWN_NAME, entry.location(),
                        "\"" + entry.rule() + "\" names " + kind + " \"" + name + "\", which does not exist"));
            }
        }
    }

    private static void unmanagedPermissive(Subject subject, List<Finding> out) {
        List<HbaRule> managed = subject.hbaRules().stream().filter(Subject.HbaEntryAt::managed)
                .map(Subject.HbaEntryAt::rule).toList();
        if (managed.size() == subject.hbaRules().size()) {
            return;
        }
        int mostPermissive = managed.stream().mapToInt(RuleShape::permissiveness).max().orElse(0);
        boolean managedAdmitsAnyAddress = managed.stream().anyMatch(r -> !RuleShape.rejects(r) && RuleShape.anyAddress(r));
        for (Subject.HbaEntryAt entry : subject.hbaRules()) {
            HbaRule rule = entry.rule();
            if (entry.managed() || RuleShape.rejects(rule)) {
                continue;
            }
            if (RuleShape.permissiveness(rule) > mostPermissive) {
                out.add(new Finding(Rule.HBA_UNMANAGED_PERMISSIVE, entry.location(), "\"" + rule + "\" outside the "
                        + "agent's block uses " + rule.effectiveMethod() + ", weaker than every managed rule"));
            } else if (RuleShape.anyAddress(rule) && !managedAdmitsAnyAddress) {
                out.add(new Finding(Rule.HBA_UNMANAGED_PERMISSIVE, entry.location(), "\"" + rule + "\" outside the "
                        + "agent's block admits any address, which no managed rule does"));
            }
        }
    }
}
