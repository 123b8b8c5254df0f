package dev.pgstate.model.load;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Suggests the known word closest to a misspelt one, when it is close enough to be a typo. */
public final class DidYouMean {

    /** Two edits catch swapped, missing and doubled letters without suggesting unrelated words. */
    private static final int MAX_EDITS = 2;

    private DidYouMean() {
    }

    public static Optional<String> closest(String written, Collection<String> known) {
        return known.stream()
                .filter(candidate -> distance(written, candidate) <= MAX_EDITS)
                .min(Comparator.comparingInt((String candidate) -> distance(written, candidate))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit ("lgoin" → "login"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
