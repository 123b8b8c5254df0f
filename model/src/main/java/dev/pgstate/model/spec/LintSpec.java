package dev.pgstate.model.spec;

import java.util.List;
import java.util.Objects;

/**
 * How {@code agent lint}, {@code agent audit} and {@code plan} treat this spec's findings: each {@code ignore} entry
 * silences one rule for the whole spec, with the reason a reviewer reads (a knowingly weaker choice, never a
 * shrug). Silenced findings are still listed as silenced, so the choice stays visible.
 */
public record LintSpec(List<Ignore> ignore) {

    public static final LintSpec EMPTY = new LintSpec(null);

    public LintSpec {
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }

    /** The reason {@code rule} is silenced, or null when it is not. */
    public String reasonToIgnore(String rule) {
        return ignore.stream().filter(entry -> entry.rule().equals(rule)).map(Ignore::reason).findFirst().orElse(null);
    }

    /** {@code {rule: hba-broad-address, reason: "the Identity Box's guide admits its LAN"}}. */
    public record Ignore(String rule, String reason) {
        public Ignore {
            Objects.requireNonNull(rule, "rule");
        }
    }
}
