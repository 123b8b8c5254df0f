package dev.pgstate.reconcilers.lint;

import dev.pgstate.model.load.SourceMap;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Where a finding is: a spec field ({@code file} with {@code line}, {@code object} the field path), a line of a
 * live file ({@code file} with {@code line}), or a live object ({@code object} only, e.g. {@code role.rogue}).
 *
 * <p>A spec field's line is looked up only when asked for: the lines of a spec come from a second parse of its
 * document, which a spec without findings (every field of it has a location) then never pays for.
 */
public final class Location {

    private static final int NOT_LOOKED_UP = -1;

    private final String file;
    private final String object;
    private final ToIntFunction<String> lineOf;
    private int line;

    public Location(String file, int line, String object) {
        this(file, object, null, line);
    }

    private Location(String file, String object, ToIntFunction<String> lineOf, int line) {
        this.file = file;
        this.object = object;
        this.lineOf = lineOf;
        this.line = line;
    }

    public static Location inSpec(String file, int line, String field) {
        return new Location(file, line, field);
    }

    /** The spec field {@code field}, on the line {@code source} finds for it when that is first asked. */
    public static Location inSpec(SourceMap source, String field) {
        return new Location(source.file(), field, source::lineOf, NOT_LOOKED_UP);
    }

    public static Location inFile(Path file, int line) {
        return new Location(file.toString(), line, null);
    }

    public static Location ofObject(String address) {
        return new Location(null, 0, address);
    }

    public String file() {
        return file;
    }

    public synchronized int line() {
        if (line == NOT_LOOKED_UP) {
            line = lineOf.applyAsInt(object);
        }
        return line;
    }

    public String object() {
        return object;
    }

    /** {@code spec.yaml:12 (hba.rules[2])}, {@code /etc/postgresql/16/main/pg_hba.conf:98} or {@code role.rogue}. */
    public String describe() {
        if (file == null) {
            return object;
        }
        String where = line() > 0 ? file + ":" + line() : file;
        return object == null ? where : where + " (" + object + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Location that && Objects.equals(file, that.file) && line() == that.line()
                && Objects.equals(object, that.object);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, line(), object);
    }

    @Override
    public String toString() {
        return "Location[file=" + file + ", line=" + line() + ", object=" + object + "]";
    }
}
