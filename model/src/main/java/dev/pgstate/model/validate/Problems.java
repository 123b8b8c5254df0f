package dev.pgstate.model.validate;

import dev.pgstate.model.load.FieldPath;
import dev.pgstate.model.load.SourceMap;
import dev.pgstate.model.load.SpecProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects what the rules find, placed at the line and column where the field was written. */
final class Problems {

    private final SourceMap source;
    private final List<SpecProblem> found = new ArrayList<>();

    Problems(SourceMap source) {
        this.source = source;
    }

    void add(String field, String message) {
        found.add(source.problemAt(field, message));
    }

    int lineOf(String field) {
        return source.lineOf(field);
    }

    List<SpecProblem> all() {
        return List.copyOf(found);
    }

    /** {@code roles[1].connection_limit}; an empty key gives the entry itself, {@code roles[1]}. */
    static String role(int index, String key) {
        return entry("roles", index, key);
    }

    static String database(int index, String key) {
        return entry("databases", index, key);
    }

    /** Membership problems point at the whole entry: it may be a bare name or a mapping. */
    static String membership(int role, int index) {
        return FieldPath.index(role(role, "member_of"), index);
    }

    private static String entry(String list, int index, String key) {
        String entry = FieldPath.index(list, index);
        return key.isEmpty() ? entry : FieldPath.key(entry, key);
    }
}
