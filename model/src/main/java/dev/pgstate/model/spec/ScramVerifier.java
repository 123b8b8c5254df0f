package dev.pgstate.model.spec;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SCRAM-SHA-256 verifier as PostgreSQL stores it in pg_authid.rolpassword:
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, salt and keys in base64, each key 32 bytes.
 * Anyone holding one can try passwords against it offline, so {@link #toString()} never shows it.
 */
public final class ScramVerifier {

    public static final String PREFIX = "SCRAM-SHA-256$";
    /** What the format looks like, for error messages that must not echo the value. */
    public static final String FORM = "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>";

    private static final Pattern SHAPE = Pattern.compile(
            Pattern.quote(PREFIX) + "([1-9][0-9]{0,9}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
    /** SHA-256 output: what PostgreSQL checks StoredKey and ServerKey against. */
    private static final int KEY_BYTES = 32;

    private final String text;
    private final int iterations;
    private final byte[] salt;

    private ScramVerifier(String text, int iterations, byte[] salt) {
        this.text = text;
        this.iterations = iterations;
        this.salt = salt;
    }

    /** The verifier, or empty when {@code text} is not one PostgreSQL would accept as a SCRAM-SHA-256 verifier. */
    public static Optional<ScramVerifier> parse(String text) {
        Matcher shape = SHAPE.matcher(Objects.requireNonNull(text, "text"));
        if (!shape.matches()) {
            return Optional.empty();
        }
        try {
            long iterations = Long.parseLong(shape.group(1));
            byte[] salt = Base64.getDecoder().decode(shape.group(2));
            boolean keysFit = Base64.getDecoder().decode(shape.group(3)).length == KEY_BYTES
                    && Base64.getDecoder().decode(shape.group(4)).length == KEY_BYTES;
            if (iterations > Integer.MAX_VALUE || salt.length == 0 || !keysFit) {
                return Optional.empty();
            }
            return Optional.of(new ScramVerifier(text, (int) iterations, salt));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** The whole verifier, for the one place that sends it to the server. */
    public String text() {
        return text;
    }

    public int iterations() {
        return iterations;
    }

    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScramVerifier verifier && verifier.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "SCRAM-SHA-256 verifier (redacted)";
    }
}
