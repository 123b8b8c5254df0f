package dev.pgstate.model.spec;

import java.util.Objects;

/**
 * Where a role's password comes from. Never the plaintext itself: a spec is shared, reviewed and committed, so
 * it only points at a secret kept elsewhere, gives a precomputed verifier, or says the role has no password.
 * Secrets are read when planning, not when loading, so a spec validates on a machine without them.
 */
public sealed interface PasswordSource permits PasswordSource.None, PasswordSource.Verifier, PasswordSource.External {

    /** {@code password: none}: the role must have no password at all, so password logins to it always fail. */
    record None() implements PasswordSource {
    }

    /** {@code password: {verifier: "SCRAM-SHA-256$…"}}: sent to the server as it is. */
    record Verifier(ScramVerifier verifier) implements PasswordSource {
        public Verifier {
            Objects.requireNonNull(verifier, "verifier");
        }
    }

    /**
     * A plaintext kept outside the spec ({@code file}, {@code env} or {@code credential}); the agent computes the
     * SCRAM-SHA-256 verifier from it with {@code iterations} rounds ({@code null}: {@value #DEFAULT_ITERATIONS}).
     */
    record External(Origin origin, String reference, Integer iterations) implements PasswordSource {

        public static final int DEFAULT_ITERATIONS = 4096;

        public External {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(reference, "reference");
        }

        public int iterationsOrDefault() {
            return iterations == null ? DEFAULT_ITERATIONS : iterations;
        }

        /** {@code file /etc/pgstate/secrets/idbox}: where the secret is, never what it is. */
        public String describe() {
            return origin.key() + " " + reference;
        }
    }

    /** Where an external plaintext is kept, by its key in the spec. */
    enum Origin {
        /** A file readable by its owner only; one trailing newline is not part of the secret. */
        FILE("file"),
        /** An environment variable of the agent's process. */
        ENV("env"),
        /** A systemd credential: a file of that name in {@code $CREDENTIALS_DIRECTORY}. */
        CREDENTIAL("credential");

        private final String key;

        Origin(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
