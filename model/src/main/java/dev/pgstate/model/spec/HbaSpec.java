package dev.pgstate.model.spec;

import java.util.List;

/**
 * The pg_hba.conf rules the spec wants, in order (the server uses the first rule that matches), and how much of
 * the file the agent owns: {@code whole-file}, or a {@code managed-block} delimited by marker comments and placed
 * at {@code position} ({@code top} or {@code bottom}) with every other line left byte for byte as it is.
 * {@code mustKeep} lists connections no apply may lock out, in addition to the agent's own.
 */
public record HbaSpec(String ownership, String position, List<HbaRuleSpec> rules, List<MustKeepSpec> mustKeep) {

    public static final String WHOLE_FILE = "whole-file";
    public static final String MANAGED_BLOCK = "managed-block";
    public static final List<String> OWNERSHIPS = List.of(WHOLE_FILE, MANAGED_BLOCK);
    public static final List<String> POSITIONS = List.of("top", "bottom");

    public HbaSpec {
        ownership = ownership == null ? MANAGED_BLOCK : ownership;
        position = position == null ? "top" : position;
        rules = rules == null ? List.of() : List.copyOf(rules);
        mustKeep = mustKeep == null ? List.of() : List.copyOf(mustKeep);
    }
}
