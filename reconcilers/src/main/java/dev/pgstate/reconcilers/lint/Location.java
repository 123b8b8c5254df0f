package dev.pgstate.reconcilers.lint;

import java.nio.file.Path;

/**
 * Where a finding is: a spec field ({@code file} with {@code line}, {@code object} the field path), a line of a
 * live file ({@code file} with {@code line}), or a live object ({@code object} only, e.g. {@code role.rogue}).
 */
public record Location(String file, int line, String object) {

    public static Location inSpec(String file, int line, String field) {
        return new Location(file, line, field);
    }

    public static Location inFile(Path file, int line) {
        return new Location(file.toString(), line, null);
    }

    public static Location ofObject(String address) {
        return new Location(null, 0, address);
    }

    /** {@code spec.yaml:12 (hba.rules[2])}, {@code /etc/postgresql/16/main/pg_hba.conf:98} or {@code role.rogue}. */
    public String describe() {
        if (file == null) {
            return object;
        }
        String where = line > 0 ? file + ":" + line : file;
        return object == null ? where : where + " (" + object + ")";
    }
}
