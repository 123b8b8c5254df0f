package dev.pgstate.reconcilers.hba;

import dev.pgstate.reconcilers.conf.HbaRule;
import java.util.Objects;

/** One rule of the spec as the agent writes it, with the optional comment line written above it. */
public record OwnedRule(HbaRule rule, String comment) {

    public OwnedRule {
        Objects.requireNonNull(rule, "rule");
    }

    /** The comment (if any) and the rule, each a line ending in a newline. */
    String lines() {
        String ruleLine = rule.written().stripTrailing() + "\n";
        return comment == null || comment.isBlank() ? ruleLine : "# " + comment.strip() + "\n" + ruleLine;
    }
}
