package dev.pgstate.reconcilers.secret;

import dev.pgstate.model.spec.ScramVerifier;
import java.util.Objects;

/** A role's password as the plan wants it on the server, once its source has been read. */
public sealed interface DesiredPassword permits DesiredPassword.None, DesiredPassword.Verifier, DesiredPassword.Plaintext {

    /** No password at all: {@code PASSWORD NULL}. */
    record None() implements DesiredPassword {
    }

    /** A verifier given in the spec, sent as it is. */
    record Verifier(ScramVerifier verifier) implements DesiredPassword {
        public Verifier {
            Objects.requireNonNull(verifier, "verifier");
        }
    }

    /** A plaintext the agent turns into a SCRAM-SHA-256 verifier with {@code iterations} rounds when it applies. */
    record Plaintext(Secret secret, int iterations) implements DesiredPassword {
        public Plaintext {
            Objects.requireNonNull(secret, "secret");
        }
    }
}
