package dev.pgstate.model.load;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where each key and value of one spec document was written. Records lose their positions once
 * Jackson has bound them, so the loader reads the document a second time as tokens and keeps this
 * map; rules then point at the exact line and column of the field they complain about. Paths have
 * the form {@code roles[1].member_of[0].role}, 0-based, and {@code ""} for the whole document.
 */
public final class SourceMap {

    /**
     * One field as written: where it starts (its key, or its value for list entries and the document) and how the
     * value looks. Two ints rather than Jackson's locations: a spec of megabytes has hundreds of thousands of them.
     */
    record Written(int line, int column, String found) {

        static Written of(JsonLocation key, JsonLocation value, String found) {
            JsonLocation start = key != null ? key : value;
            return new Written(start.getLineNr(), start.getColumnNr(), found);
        }
    }

    private final String file;
    private Supplier<Map<String, Written>> scan;
    private Map<String, Written> fields;

    /** @param fields a map no one else holds on to: it is kept as it is (a copy of a big spec's costs time) */
    SourceMap(String file, Map<String, Written> fields) {
        this.file = file;
        this.fields = Collections.unmodifiableMap(fields);
    }

    private SourceMap(String file, Supplier<Map<String, Written>> scan) {
        this.file = file;
        this.scan = scan;
    }

    /**
     * A map made by {@code scan} the first time a position is asked for. A spec that binds and validates without a
     * problem never asks, so its document is parsed once instead of twice (a third of a second at 10,000 roles).
     */
    static SourceMap scannedWhenAsked(String file, Supplier<SourceMap> scan) {
        return new SourceMap(file, () -> scan.get().fields());
    }

    /** The name problems carry: the path as the user gave it, or the test's source name. */
    public String file() {
        return file;
    }

    /**
     * A problem at {@code field}. A field that was not written (a missing {@code name}, a bare
     * {@code member_of} entry asked for as {@code .role}) points at the nearest enclosing one.
     */
    public SpecProblem problemAt(String field, String message) {
        Written at = nearestWritten(field);
        return new SpecProblem(file, at.line(), at.column(), field, message);
    }

    /** The line {@code field} (or the nearest enclosing written field) starts on, for "first declared at line N". */
    public int lineOf(String field) {
        return nearestWritten(field).line();
    }

    /** How the value at {@code field} was written, for messages such as {@code found "ten"}. */
    Optional<String> found(String field) {
        return Optional.ofNullable(fields().get(field)).map(Written::found);
    }

    private synchronized Map<String, Written> fields() {
        if (fields == null) {
            fields = scan.get();
            scan = null;
        }
        return fields;
    }

    private Written nearestWritten(String field) {
        for (String path = field; ; path = FieldPath.parentOf(path)) {
            Written written = fields().get(path);
            if (written != null) {
                return written;
            }
            if (path.isEmpty()) {
                return new Written(1, 1, "");
            }
        }
    }
}
