package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaTree;
import java.util.List;
import java.util.Optional;

/**
 * What explain (and lockout protection) can say about one file for one connection. When the server would refuse
 * the file ({@code fatal} lines: it keeps its previous rules on reload and does not start with it) there is no
 * verdict; otherwise the verdict, with the lines the server loads but warns about (they can never match).
 */
public record Explanation(List<HbaTree.Located> fatal, List<HbaTree.Located> warnings, Optional<Verdict> verdict) {

    public Explanation {
        fatal = List.copyOf(fatal);
        warnings = List.copyOf(warnings);
        if (fatal.isEmpty() == verdict.isEmpty()) {
            throw new IllegalArgumentException("a verdict exactly when the server would load the file");
        }
    }

    public boolean refused() {
        return verdict.isEmpty();
    }

    /** The server's message for a fatal or warning line. */
    public static String message(HbaTree.Located line) {
        return ((HbaEntry.Invalid) line.entry()).message();
    }
}
