package dev.pgstate.reconcilers.core.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind's word in addresses, rendered plans and metrics ({@code role}, {@code settings-of}). Each kind declares its
 * own as a constant in its package; the core lists none, and the order of kinds comes from the registry.
 */
public record KindName(String label) {

    private static final Pattern WORD = Pattern.compile("[a-z]+(-[a-z]+)*");

    public KindName {
        Objects.requireNonNull(label, "label");
        if (!WORD.matcher(label).matches()) {
            throw new IllegalArgumentException("a kind's name is lower-case words joined by '-': " + label);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
