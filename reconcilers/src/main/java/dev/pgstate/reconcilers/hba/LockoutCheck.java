package dev.pgstate.reconcilers.hba;

import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a new rule list against the connections that must keep working. For each one it would refuse (no
 * rule, or a {@code reject} first), it says which rule would have been needed and where: the rule that lets it
 * in today if there is one, else the usual one for that kind of connection.
 */
public final class LockoutCheck {

    private final HbaMatcher matcher;
    private final Path mainFile;

    public LockoutCheck(HbaMatcher matcher, Path mainFile) {
        this.matcher = matcher;
        this.mainFile = mainFile;
    }

    /** One message per connection the new rules lock out; empty when all still get in. */
    public List<String> lockouts(HbaTree current, HbaTree next, List<Guarded> guarded) {
        return guarded.stream()
                .map(g -> lockout(current, next, g))
                .flatMap(Optional::stream)
                .toList();
    }

    private Optional<String> lockout(HbaTree current, HbaTree next, Guarded guarded) {
        Verdict after = matcher.evaluate(next, guarded.client());
        if (after.letsIn()) {
            return Optional.empty();
        }
        Verdict before = matcher.evaluate(current, guarded.client());
        String needed = before.letsIn() ? before.matchedRule().orElseThrow().toString() : usualRule(guarded.client());
        String refusal = after.match()
                .map(line -> "line " + where(line) + " (\"" + HbaMatcher.ruleOf(line) + "\") rejects it")
                .orElse("no rule matches it");
        String place = after.match().map(line -> "before line " + where(line)).orElse("to the rules");
        return Optional.of(guarded.who() + " (" + guarded.client().describe() + ") would be locked out: " + refusal
                + "; add \"" + needed + "\" " + place);
    }

    /** {@code 3} in the main file, {@code /etc/…/extra.conf:3} in an included one. */
    private String where(HbaTree.Located line) {
        return line.file().equals(mainFile) ? Integer.toString(line.line().number()) : line.where();
    }

    private static String usualRule(HbaClient client) {
        if (client.local()) {
            return "local " + client.database() + " " + client.user() + " peer";
        }
        String mask = client.address().contains(":") ? "/128" : "/32";
        return (client.ssl() ? "hostssl " : "host ") + client.database() + " " + client.user() + " "
                + client.address() + mask + " scram-sha-256";
    }
}
