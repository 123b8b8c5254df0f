package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaTree;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which rule a connection meets (the first that matches, as the server decides), and why each earlier rule did
 * not match; or the line whose host name could not be decided, which stops the evaluation there: whether that
 * line or a later one applies depends on a lookup the agent could not make.
 */
public record Verdict(HbaClient client, Optional<HbaTree.Located> match, Optional<Undecided> undecided,
                      List<Miss> misses) {

    /** A rule before the match (or any rule, when nothing matched) and why it did not match. */
    public record Miss(HbaTree.Located line, String why) {
    }

    /** The host-name rule that would apply if its name matched, and why that is not known. */
    public record Undecided(HbaTree.Located line, String why) {
    }

    public Verdict {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(undecided, "undecided");
        if (match.isPresent() && undecided.isPresent()) {
            throw new IllegalArgumentException("a verdict is a match or undecided, not both");
        }
        misses = List.copyOf(misses);
    }

    static Verdict matched(HbaClient client, HbaTree.Located line, List<Miss> misses) {
        return new Verdict(client, Optional.of(line), Optional.empty(), misses);
    }

    static Verdict noMatch(HbaClient client, List<Miss> misses) {
        return new Verdict(client, Optional.empty(), Optional.empty(), misses);
    }

    static Verdict undecided(HbaClient client, Undecided at, List<Miss> misses) {
        return new Verdict(client, Optional.empty(), Optional.of(at), misses);
    }

    public boolean decided() {
        return undecided.isEmpty();
    }

    public Optional<HbaRule> matchedRule() {
        return match.map(HbaMatcher::ruleOf);
    }

    /** True when a rule matches and its method is not {@code reject}: the server goes on to authenticate. */
    public boolean letsIn() {
        return matchedRule().map(rule -> !rule.method().equals("reject")).orElse(false);
    }
}
