package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaRule;
import java.util.Objects;
import java.util.stream.Stream;

/** One rule of the spec as the agent writes it, with the optional comment line written above it. */
public record OwnedRule(HbaRule rule, String comment) {

    public OwnedRule {
        Objects.requireNonNull(rule, "rule");
    }

    /** The comment (if any) and the rule, each a line ending in a newline. */
    String lines() {
        String ruleLine = rule.written().stripTrailing() + "\n";
        return hasComment() ? "# " + comment.strip() + "\n" + ruleLine : ruleLine;
    }

    /** What {@link #lines()} must read back as: a comment line (blank to the server), then the rule. */
    Stream<HbaEntry> entries() {
        return hasComment() ? Stream.of(new HbaEntry.Blank(), rule) : Stream.of(rule);
    }

    private boolean hasComment() {
        return comment != null && !comment.isBlank();
    }
}
