package dev.pgstate.reconcilers.render;

import dev.pgstate.model.text.Printable;
import dev.pgstate.reconcilers.core.plan.AttributeChange;

/** How attribute values look in text: strings quoted, absent values as {@code null}, secrets hidden. */
final class Values {

    static final String SENSITIVE = "(sensitive)";

    private Values() {
    }

    static String before(AttributeChange<?> change) {
        return change.sensitive() ? SENSITIVE : show(change.before());
    }

    static String after(AttributeChange<?> change) {
        return change.sensitive() ? SENSITIVE : show(change.after());
    }

    static String show(Object value) {
        if (value == null) {
            return "null";
        }
        String shown = value instanceof String text ? '"' + text.replace("\"", "\\\"") + '"' : value.toString();
        return Printable.escape(shown);
    }
}
