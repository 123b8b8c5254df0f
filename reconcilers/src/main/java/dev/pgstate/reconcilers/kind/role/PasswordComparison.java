package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a role's desired password with what the server stores, and says how they differ in words that never
 * contain either. A plaintext is checked against the stored verifier, never re-set to find out, so a converged
 * server keeps its verifiers (and their salts) from one run to the next. Every such check of a plan is begun first,
 * all together, on other threads (see {@link PasswordVerdicts}), and the planning that needs an outcome waits for
 * them all, so it stays sequential and deterministic.
 */
public final class PasswordComparison {

    private final DesiredPasswords desired;
    private final PasswordVerdicts.Checking plaintextChecks;

    private PasswordComparison(DesiredPasswords desired, PasswordVerdicts.Checking plaintextChecks) {
        this.desired = desired;
        this.plaintextChecks = plaintextChecks;
    }

    /**
     * Begins the checks for every role of {@code spec} whose desired plaintext ({@code passwords}) can be compared
     * with a stored SCRAM verifier; the first comparison that needs an outcome waits for them all.
     */
    public static PasswordComparison checking(Spec spec, LiveRoles live, DesiredPasswords passwords,
                                              PasswordVerdicts verdicts) {
        // by name: a role listed twice (which validation rejects) still needs one check
        Map<String, PasswordVerdicts.Pending> pending = new LinkedHashMap<>();
        for (RoleSpec role : spec.roles()) {
            LiveRole existing = live.byName().get(role.name());
            Optional<DesiredPassword> desired = passwords.of(role.name());
            if (role.state() == State.PRESENT && existing != null
                    && desired.orElse(null) instanceof DesiredPassword.Plaintext plaintext
                    && existing.password().form() == StoredPassword.Form.SCRAM) {
                pending.putIfAbsent(role.name(), new PasswordVerdicts.Pending(role.name(), plaintext.secret(),
                        existing.password().scram().orElseThrow()));
            }
        }
        return new PasswordComparison(passwords, verdicts.start(List.copyOf(pending.values())));
    }

    /** Whether {@code role}'s plaintext is still being checked (not known from an earlier plan). */
    boolean stillChecking(String role) {
        return plaintextChecks.computes(role);
    }

    /** The password the spec wants for {@code role}, as read from its source; empty when it was not resolved. */
    Optional<DesiredPassword> desired(String role) {
        return desired.of(role);
    }

    /** Empty when the server has the desired password; {@code stored} must be readable. */
    Optional<String> difference(String role, DesiredPassword desired, StoredPassword stored) {
        if (desired instanceof DesiredPassword.None) {
            return stored.form() == StoredPassword.Form.NONE
                    ? Optional.empty() : Optional.of("has a password, the spec says none");
        }
        return switch (stored.form()) {
            case NONE -> Optional.of("no password");
            case MD5 -> Optional.of("stored as md5");
            case UNRECOGNIZED -> Optional.of("stored in a form the agent does not know");
            case SCRAM -> matches(role, desired, stored) ? Optional.empty() : Optional.of("password differs");
            case UNREADABLE -> throw new IllegalArgumentException("an unreadable password cannot be compared");
        };
    }

    private boolean matches(String role, DesiredPassword desired, StoredPassword stored) {
        if (desired instanceof DesiredPassword.Verifier verifier) {
            return stored.scram().orElseThrow().equals(verifier.verifier());
        }
        Boolean matched = plaintextChecks.outcomes().get(role);
        if (matched == null) {
            throw new IllegalStateException("the password of role \"" + role + "\" was not checked before planning");
        }
        return matched;
    }
}
