package dev.pgstate.reconcilers.render;

import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.kind.hba.Explanation;
import dev.pgstate.reconcilers.kind.hba.Verdict;

/**
 * An explanation as {@code agent explain} prints it: each earlier rule with why it does not match, then the one that
 * does (or the line that cannot be decided) and the conclusion; or, when the server would refuse the file, why.
 */
public final class ExplanationRenderer {

    /** @param source the file explained, as the reader should know it */
    public String render(Explanation explanation, String source) {
        StringBuilder out = new StringBuilder();
        if (explanation.refused()) {
            line(out, "no verdict: the server would refuse " + source + " (on reload it keeps its previous rules;"
                    + " it does not start with this file):");
            explanation.fatal().forEach(line -> line(out, "  " + line.where() + ": " + Explanation.message(line)));
            return out.toString();
        }
        Verdict verdict = explanation.verdict().orElseThrow();
        line(out, "A connection " + verdict.client().describe() + ", checked against " + source + ":");
        for (Verdict.Miss miss : verdict.misses()) {
            line(out, "  " + where(miss.line()) + "  " + ruleText(miss.line()));
            line(out, "      does not match: " + miss.why());
        }
        explanation.warnings().forEach(line -> line(out, "warning: " + line.where() + ": "
                + Explanation.message(line)));
        if (verdict.undecided().isPresent()) {
            Verdict.Undecided at = verdict.undecided().get();
            line(out, "  " + where(at.line()) + "  " + ruleText(at.line()));
            line(out, "      cannot be decided: " + at.why());
            line(out, "undecided because of line " + at.line().line().number() + " (" + at.line().where()
                    + "): it applies if the client's host name matches, otherwise a later line decides");
            return out.toString();
        }
        verdict.match().ifPresentOrElse(line -> {
            line(out, "  " + where(line) + "  " + ruleText(line));
            line(out, "      matches");
        }, () -> line(out, "  no rule matches"));
        line(out, verdict.match().isEmpty()
                ? "refused: no rule matches, so the server answers \"no pg_hba.conf entry\""
                : verdict.letsIn() ? "allowed to authenticate with method "
                + verdict.matchedRule().orElseThrow().effectiveMethod()
                : "refused: the first matching rule is reject");
        return out.toString();
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append(System.lineSeparator());
    }

    private static String where(HbaTree.Located line) {
        return line.where() + ":";
    }

    private static String ruleText(HbaTree.Located line) {
        return line.line().raw().strip();
    }
}
