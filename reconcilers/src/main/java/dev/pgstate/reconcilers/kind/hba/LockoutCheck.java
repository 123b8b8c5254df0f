package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Evaluates a new rule list against the connections that must keep working, with the same engine as
 * {@code explain}. For each one it would refuse (no rule, or a {@code reject} first), it says which rule would
 * have been needed and where: the rule that lets it in today if there is one, else the usual one for that kind of
 * connection. A file the server would refuse, or a host-name rule it cannot decide, is never taken as safe.
 */
public final class LockoutCheck {

    private final Explainer explainer;
    private final Path mainFile;

    public LockoutCheck(Explainer explainer, Path mainFile) {
        this.explainer = explainer;
        this.mainFile = mainFile;
    }

    /** One message per connection the new rules lock out (or may); empty when all still get in. */
    public List<String> lockouts(HbaTree current, HbaTree next, List<Guarded> guarded) {
        if (guarded.isEmpty()) {
            return List.of();
        }
        Explanation first = explainer.explain(next, guarded.get(0).client());
        if (first.refused()) {
            return List.of("the server would refuse the new pg_hba.conf, so no connection can be checked: "
                    + first.fatal().stream().map(line -> where(line) + ": " + Explanation.message(line))
                    .collect(Collectors.joining("; ")));
        }
        return guarded.stream()
                .map(g -> lockout(current, next, g))
                .flatMap(Optional::stream)
                .toList();
    }

    private Optional<String> lockout(HbaTree current, HbaTree next, Guarded guarded) {
        Verdict after = explainer.explain(next, guarded.client()).verdict().orElseThrow();
        if (after.letsIn()) {
            return Optional.empty();
        }
        String who = guarded.who() + " (" + guarded.client().describe() + ")";
        if (!after.decided()) {
            Verdict.Undecided at = after.undecided().orElseThrow();
            return Optional.of(who + " may be locked out: line " + where(at.line()) + " (\"" + HbaMatcher.ruleOf(at.line())
                    + "\") cannot be decided: " + at.why());
        }
        Optional<Verdict> before = explainer.explain(current, guarded.client()).verdict();
        String needed = before.filter(Verdict::letsIn).map(v -> v.matchedRule().orElseThrow().toString())
                .orElseGet(() -> usualRule(guarded.client()));
        String refusal = after.match()
                .map(line -> "line " + where(line) + " (\"" + HbaMatcher.ruleOf(line) + "\") rejects it")
                .orElse("no rule matches it");
        String place = after.match().map(line -> "before line " + where(line)).orElse("to the rules");
        return Optional.of(who + " would be locked out: " + refusal + "; add \"" + needed + "\" " + place);
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
