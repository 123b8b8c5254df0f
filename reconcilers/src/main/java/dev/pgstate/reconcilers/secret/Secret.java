package dev.pgstate.reconcilers.secret;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A plaintext password read from where the spec points. Kept as characters so no String copy lingers in the
 * heap, handed out only as fresh copies (pgjdbc's PasswordUtil zeroes the array it is given), and never shown:
 * {@link #toString()} is a placeholder, so a secret inside a record, a plan or a log line stays hidden.
 */
public final class Secret {

    private final char[] chars;

    private Secret(char[] chars) {
        this.chars = chars;
    }

    /** Takes a copy of {@code chars}; the caller may clear its own array afterwards. */
    public static Secret of(char[] chars) {
        return new Secret(chars.clone());
    }

    /** A fresh copy each time, for a consumer that clears what it is given. */
    public char[] chars() {
        return chars.clone();
    }

    /** Whether both are the same password, compared in constant time so timing never hints at a partial match. */
    public boolean sameAs(Secret other) {
        byte[] mine = utf8(chars);
        byte[] theirs = utf8(other.chars);
        try {
            return MessageDigest.isEqual(mine, theirs);
        } finally {
            Arrays.fill(mine, (byte) 0);
            Arrays.fill(theirs, (byte) 0);
        }
    }

    /** Encoded without a String copy; the caller clears the array. */
    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "(secret)";
    }
}
