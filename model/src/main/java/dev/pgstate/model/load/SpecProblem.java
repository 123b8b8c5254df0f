package dev.pgstate.model.load;

import dev.pgstate.model.text.Printable;
import java.util.Objects;

/**
 * One mistake in a spec file, pointing at where it was written. Lines and columns count from 1;
 * {@code field} is a path such as {@code roles[1].member_of[0].role} with 0-based list indexes,
 * or empty when the mistake concerns the whole document.
 */
public record SpecProblem(String file, int line, int column, String field, String message) {

    public SpecProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /**
     * {@code identity-box.yaml:12:5: roles[1].connection_limit: expected an integer, found "ten"}; always one line,
     * since a value quoted in the message or a map key in the field may hold a line break.
     */
    public String format() {
        String where = file + ":" + line + ":" + column + ": ";
        return Printable.escape(field.isEmpty() ? where + message : where + field + ": " + message);
    }

    @Override
    public String toString() {
        return format();
    }
}
