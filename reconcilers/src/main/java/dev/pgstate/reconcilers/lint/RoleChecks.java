package dev.pgstate.reconcilers.lint;

import dev.pgstate.reconcilers.conf.HbaRule;
import java.util.List;
import java.util.function.Predicate;

/**
 * Roles against the guides: the bootstrap superuser stays password-less, verifiers are SCRAM, superusers are the
 * ones the spec allows, and every LOGIN role can log in (a rule admits it, with a credential it has) until it expires.
 */
final class RoleChecks implements Check {

    @Override
    public void check(Subject subject, List<Finding> out) {
        for (Subject.SubjectRole role : subject.roles()) {
            String name = "role \"" + role.name() + "\"";
            boolean hasPassword = role.credential() == Subject.Credential.SCRAM
                    || role.credential() == Subject.Credential.MD5 || role.credential() == Subject.Credential.OTHER;
            if (role.name().equals(subject.bootstrapSuperuser()) && hasPassword) {
                out.add(new Finding(Rule.BOOTSTRAP_SUPERUSER_PASSWORD, role.location(),
                        "the bootstrap superuser " + name + " has a password"));
            }
            if (role.credential() == Subject.Credential.MD5) {
                out.add(new Finding(Rule.ROLE_MD5_VERIFIER, role.location(), name + " has an md5 verifier stored"));
            }
            subject.allowedSuperusers()
                    .filter(allowed -> Boolean.TRUE.equals(role.superuser()) && !allowed.contains(role.name())
                            && !role.name().equals(subject.bootstrapSuperuser()))
                    .ifPresent(allowed -> out.add(new Finding(Rule.ROLE_UNEXPECTED_SUPERUSER, role.location(),
                            name + " is a superuser the spec does not allow (allowed: "
                                    + (allowed.isEmpty() ? "none" : String.join(", ", allowed.stream().sorted()
                                    .toList())) + ")")));
            if (!role.canLogin()) {
                continue;
            }
            role.validUntil().filter(expiry -> expiry.isBefore(subject.now())).ifPresent(expiry -> out.add(
                    new Finding(Rule.ROLE_EXPIRED_LOGIN, role.location(), name + " can log in but expired " + expiry)));
            if (!subject.hbaComplete()) {
                continue;
            }
            if (admittingRules(subject, role.name(), rule -> true).isEmpty()) {
                out.add(new Finding(Rule.ROLE_UNREACHABLE, role.location(),
                        name + " can log in, but no pg_hba.conf rule admits it"));
            } else if (role.credential() == Subject.Credential.NONE
                    && admittingRules(subject, role.name(), RuleShape::checksNoStoredPassword).isEmpty()) {
                out.add(new Finding(Rule.ROLE_LOGIN_WITHOUT_CREDENTIAL, role.location(), name
                        + " can log in and has no password, and only password rules admit it"));
            }
        }
    }

    private static List<HbaRule> admittingRules(Subject subject, String role, Predicate<HbaRule> method) {
        return subject.hbaRules().stream().map(Subject.HbaEntryAt::rule)
                .filter(rule -> !RuleShape.rejects(rule) && method.test(rule))
                .filter(rule -> RuleShape.admitsUser(rule, role, subject.memberships(), subject.grammar()))
                .toList();
    }
}
