package dev.pgstate.reconcilers.hba;

import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaTree;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which rule a connection meets (the first that matches, as the server decides), and why each earlier rule did
 * not match. {@code undecided} misses (host names) are rules explain could not evaluate offline.
 */
public record Verdict(HbaClient client, Optional<HbaTree.Located> match, List<Miss> misses) {

    /** A rule before the match (or any rule, when nothing matched) and why it did not match. */
    public record Miss(HbaTree.Located line, String why, boolean undecided) {
    }

    public Verdict {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(match, "match");
        misses = List.copyOf(misses);
    }

    public Optional<HbaRule> matchedRule() {
        return match.map(HbaMatcher::ruleOf);
    }

    /** True when a rule matches and its method is not {@code reject}: the server goes on to authenticate. */
    public boolean letsIn() {
        return matchedRule().map(rule -> !rule.method().equals("reject")).orElse(false);
    }
}
