package dev.pgstate.reconcilers.kind.setting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameter lines the agent owns, as text: either a whole drop-in file or a block at the end of
 * postgresql.conf between two marker lines. Every line is written {@code name = 'value'} with {@code '} and
 * {@code \} doubled, the one form postgresql.conf's grammar reads back unchanged for any value, and a line never
 * ends in a backslash (PostgreSQL 14+ would join it with the next one).
 */
final class ManagedSettings {

    static final String BEGIN = "# BEGIN pgstate managed settings: written by the agent; edit the spec, not these lines";
    static final String END = "# END pgstate managed settings";
    private static final String DROP_IN_HEADER = "# Written by pgstate from its spec; edits here are overwritten.\n";
    private static final Pattern LINE = Pattern.compile("^([A-Za-z_][A-Za-z0-9_$.]*) = '((?:[^'\\\\]|''|\\\\\\\\)*)'$");

    private ManagedSettings() {
    }

    /** A drop-in with the lines it already had, updated by {@code values} (name → value as written). */
    static String dropIn(String existing, Map<String, String> values) {
        return DROP_IN_HEADER + lines(merge(parse(existing == null ? "" : existing), values));
    }

    /** postgresql.conf with the agent's block updated in place, or appended at the end where it wins. */
    static String block(String config, Map<String, String> values) {
        int begin = config.indexOf(BEGIN + "\n");
        int end = config.indexOf(END + "\n", Math.max(begin, 0));
        if (begin < 0 || end < 0) {
            String separator = config.isEmpty() || config.endsWith("\n") ? "" : "\n";
            return config + separator + "\n" + BEGIN + "\n" + lines(merge(Map.of(), values)) + END + "\n";
        }
        String inside = config.substring(begin + BEGIN.length() + 1, end);
        return config.substring(0, begin) + BEGIN + "\n" + lines(merge(parse(inside), values))
                + config.substring(end);
    }

    /**
     * The numbers (1-based) of the lines strictly between the block's markers in {@code config}, the lines the agent
     * wrote; empty without a complete block.
     */
    static Set<Integer> blockLines(String config) {
        List<String> lines = config.lines().toList();
        int begin = lines.indexOf(BEGIN);
        int end = begin < 0 ? -1 : lines.subList(begin, lines.size()).indexOf(END);
        Set<Integer> numbers = new LinkedHashSet<>();
        for (int i = begin + 1; end > 0 && i < begin + end; i++) {
            numbers.add(i + 1);
        }
        return numbers;
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                values.put(m.group(1), m.group(2).replace("''", "'").replace("\\\\", "\\"));
            }
        }
        return values;
    }

    /**
     * Names ignore case: a new value replaces the old line of the same parameter, however it was spelt; a null value
     * (a reset) removes it.
     */
    private static Map<String, String> merge(Map<String, String> existing, Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(existing);
        values.forEach((name, value) -> {
            merged.keySet().removeIf(old -> old.equalsIgnoreCase(name));
            if (value != null) {
                merged.put(name.toLowerCase(Locale.ROOT), value);
            }
        });
        return merged;
    }

    /** The lines, read back before they are returned: the writer never emits what it would read differently. */
    private static String lines(Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        values.forEach((name, value) -> lines.add(name + " = '" + value.replace("\\", "\\\\").replace("'", "''") + "'"));
        String text = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        Map<String, String> readBack = parse(text);
        Set<String> names = new LinkedHashSet<>(values.keySet());
        names.addAll(readBack.keySet());
        names.removeIf(name -> Objects.equals(values.get(name), readBack.get(name)));
        if (!names.isEmpty() || text.chars().filter(c -> c == '\n').count() != values.size()) {
            throw new IllegalArgumentException("the parameter lines for " + String.join(", ", names) + " would be read "
                    + "back as other parameters or values (a value holds a line break); nothing is written");
        }
        return text;
    }
}
