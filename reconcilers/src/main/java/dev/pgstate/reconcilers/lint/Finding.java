package dev.pgstate.reconcilers.lint;

import java.util.Objects;

/**
 * One rule broken at one place: {@code message} says what was found there in one line; the why and the fix come
 * from the rule. {@code silencedBecause} is the spec's reason when {@code lint.ignore} silences the rule, else null.
 */
public record Finding(Rule rule, Location location, String message, String silencedBecause) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    public Finding(Rule rule, Location location, String message) {
        this(rule, location, message, null);
    }

    public boolean silenced() {
        return silencedBecause != null;
    }

    public Severity severity() {
        return rule.severity();
    }

    Finding silencedBecause(String reason) {
        return new Finding(rule, location, message, reason);
    }
}
