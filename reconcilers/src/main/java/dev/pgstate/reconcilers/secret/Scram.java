package dev.pgstate.reconcilers.secret;

import dev.pgstate.model.spec.ScramVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.postgresql.util.PasswordUtil;

/**
 * SCRAM-SHA-256 verifiers as PostgreSQL makes them, through pgjdbc's PasswordUtil, which applies SASLprep before
 * PBKDF2 exactly as the server does (a plain PBKDF2 over UTF-8 gets passwords such as "Ⅸx" wrong). Each call costs
 * one PBKDF2 of the given iterations: a few milliseconds at 4096.
 */
public final class Scram {

    /** What PostgreSQL uses for the verifiers it makes itself. */
    static final int SALT_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Scram() {
    }

    /** A new verifier for {@code secret} with a fresh random salt. */
    public static ScramVerifier verifier(Secret secret, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        String text = PasswordUtil.encodeScramSha256(secret.chars(), iterations, salt);
        return ScramVerifier.parse(text).orElseThrow(() ->
                new IllegalStateException("pgjdbc made a SCRAM verifier of an unexpected form"));
    }

    /** Whether {@code secret} is the password {@code stored} was made from: recomputed with its salt and iterations. */
    public static boolean matches(Secret secret, ScramVerifier stored) {
        String recomputed = PasswordUtil.encodeScramSha256(secret.chars(), stored.iterations(), stored.salt());
        // constant time, so a comparison never hints at how much of a guess was right
        return MessageDigest.isEqual(recomputed.getBytes(StandardCharsets.US_ASCII),
                stored.text().getBytes(StandardCharsets.US_ASCII));
    }
}
