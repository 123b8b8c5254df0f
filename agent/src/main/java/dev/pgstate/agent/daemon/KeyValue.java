package dev.pgstate.agent.daemon;

import dev.pgstate.reconcilers.plan.AttributeChange;

/**
 * Values for {@code key=value} log lines, which journald and log shippers split on spaces: a value with a
 * space, quote or equals sign is double-quoted; a missing value is {@code (none)}; a secret is never printed.
 */
final class KeyValue {

    static final String SENSITIVE = "(sensitive)";

    private KeyValue() {
    }

    static String value(Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = value.toString();
        boolean plain = !text.isEmpty() && text.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20);
        return plain ? text : '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    static String expected(AttributeChange<?> attribute) {
        return attribute.sensitive() ? SENSITIVE : value(attribute.after());
    }

    static String found(AttributeChange<?> attribute) {
        return attribute.sensitive() ? SENSITIVE : value(attribute.before());
    }
}
