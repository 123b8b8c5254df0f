package dev.pgstate.reconcilers.plan;

import dev.pgstate.reconcilers.live.StoredPassword;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import java.util.Optional;

/**
 * Compares a role's desired password with what the server stores, and says how they differ in words that never
 * contain either. A plaintext is checked against the stored verifier, never re-set to find out, so a converged
 * server keeps its verifiers (and their salts) from one run to the next.
 */
final class PasswordComparison {

    private final PasswordCheck check;

    PasswordComparison(PasswordCheck check) {
        this.check = check;
    }

    /** Empty when the server has the desired password; {@code stored} must be readable. */
    Optional<String> difference(DesiredPassword desired, StoredPassword stored) {
        if (desired instanceof DesiredPassword.None) {
            return stored.form() == StoredPassword.Form.NONE
                    ? Optional.empty() : Optional.of("has a password, the spec says none");
        }
        return switch (stored.form()) {
            case NONE -> Optional.of("no password");
            case MD5 -> Optional.of("stored as md5");
            case UNRECOGNIZED -> Optional.of("stored in a form the agent does not know");
            case SCRAM -> matches(desired, stored) ? Optional.empty() : Optional.of("password differs");
            case UNREADABLE -> throw new IllegalArgumentException("an unreadable password cannot be compared");
        };
    }

    private boolean matches(DesiredPassword desired, StoredPassword stored) {
        if (desired instanceof DesiredPassword.Verifier verifier) {
            return stored.scram().orElseThrow().equals(verifier.verifier());
        }
        return check.matches(((DesiredPassword.Plaintext) desired).secret(), stored.scram().orElseThrow());
    }
}
