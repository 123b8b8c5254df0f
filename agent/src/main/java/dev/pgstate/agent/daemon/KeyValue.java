package dev.pgstate.agent.daemon;

import dev.pgstate.model.text.Printable;
import dev.pgstate.reconcilers.core.plan.AttributeChange;

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
        boolean plain = !text.isEmpty()
                && text.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || Character.isISOControl(c));
        return plain ? text : '"' + Printable.escape(text.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
    }

    static String expected(AttributeChange<?> attribute) {
        return attribute.sensitive() ? SENSITIVE : value(attribute.after());
    }

    static String found(AttributeChange<?> attribute) {
        return attribute.sensitive() ? SENSITIVE : value(attribute.before());
    }
}
