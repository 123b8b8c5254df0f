package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;

/**
 * Whether a plaintext is the password a stored verifier was made from. The one costly step of planning (a PBKDF2
 * per role with a password from a secret), injected so planner tests can count or fake it.
 */
@FunctionalInterface
public interface PasswordCheck {

    /** Recomputes the verifier with the stored salt and iterations, as the server does at login. */
    PasswordCheck SCRAM = Scram::matches;

    boolean matches(Secret plaintext, ScramVerifier stored);
}
