package dev.pgstate.reconcilers.secret;

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

    @Override
    public String toString() {
        return "(secret)";
    }
}
