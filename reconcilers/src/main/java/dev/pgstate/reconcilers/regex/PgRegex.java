package dev.pgstate.reconcilers.regex;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression read and evaluated as PostgreSQL does for a {@code /regex} token in pg_hba.conf
 * ({@code pg_regcomp} with {@code REG_ADVANCED} under the C collation, then "does it match anywhere"), i.e. the
 * same answer as the server's {@code name ~ pattern COLLATE "C"}. Compiling either succeeds with an exact
 * translation or fails with a {@link PgRegexException} saying whether the server rejects the pattern too.
 */
public final class PgRegex {

    /** Character reads allowed per match; a pattern that backtracks past this is reported, never answered wrongly. */
    private static final long STEP_BUDGET = 5_000_000;

    private final String pattern;
    private final Pattern java;

    private PgRegex(String pattern, Pattern java) {
        this.pattern = pattern;
        this.java = java;
    }

    /**
     * A literal character outside the BMP in the Java text (in a part that matches nothing) makes java.util.regex
     * step by code points: it then never starts a match, nor looks behind, between the two halves of a surrogate
     * pair, where PostgreSQL has no position at all.
     */
    private static final String BY_CODE_POINTS = "(?:" + Character.toString(0x10000) + "){0}";

    public static PgRegex compile(String pattern) throws PgRegexException {
        String translated = "(?:" + AreTranslator.translate(pattern) + ")" + BY_CODE_POINTS;
        try {
            return new PgRegex(pattern, Pattern.compile(translated));
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("pgstate translated the regular expression \"" + pattern
                    + "\" into invalid Java \"" + translated + "\"", e);
        }
    }

    /** Whether the pattern matches anywhere in {@code name}, as {@code name ~ pattern} answers. */
    public boolean find(String name) {
        return java.matcher(new Budgeted(name)).find();
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** The subject, counting reads so a pathological pattern stops with a clear error instead of hanging. */
    private final class Budgeted implements CharSequence {
        private final String text;
        private long reads;

        Budgeted(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (++reads > STEP_BUDGET) {
                throw new IllegalStateException("the regular expression \"" + pattern + "\" needs too many steps"
                        + " to evaluate against \"" + text + "\"; pgstate gives no answer rather than a guess");
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
