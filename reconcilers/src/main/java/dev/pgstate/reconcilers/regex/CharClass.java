package dev.pgstate.reconcilers.regex;

/**
 * The POSIX classes {@code [[:name:]]} as PostgreSQL defines them under the C collation, which pg_hba.conf uses:
 * only ASCII characters belong to a class, except {@code cntrl} (which also holds U+0080–U+009F).
 */
enum CharClass {
    ALNUM("alnum", "09AZaz"),
    ALPHA("alpha", "AZaz"),
    ASCII("ascii", "\u0000\u007f"),
    BLANK("blank", "\t\t  "),
    CNTRL("cntrl", "\u0000\u001f\u007f\u009f"),
    DIGIT("digit", "09"),
    GRAPH("graph", "!~"),
    LOWER("lower", "az"),
    PRINT("print", " ~"),
    PUNCT("punct", "!/:@[`{~"),
    SPACE("space", "\t\r  "),
    UPPER("upper", "AZ"),
    XDIGIT("xdigit", "09AFaf"),
    WORD("word", "09AZ__az");

    private final String name;
    private final CodePoints chars;

    /** @param ranges pairs of first and last character of each range */
    CharClass(String name, String ranges) {
        this.name = name;
        CodePoints set = CodePoints.NONE;
        for (int i = 0; i < ranges.length(); i += 2) {
            set = set.union(CodePoints.range(ranges.charAt(i), ranges.charAt(i + 1)));
        }
        this.chars = set;
    }

    static CharClass named(String name) {
        for (CharClass cls : values()) {
            if (cls.name.equals(name)) {
                return cls;
            }
        }
        return null;
    }

    /** The members; case-insensitive matching reads {@code lower} and {@code upper} as {@code alpha}, as the server does. */
    CodePoints chars(boolean caseInsensitive) {
        return caseInsensitive && (this == LOWER || this == UPPER) ? ALPHA.chars : chars;
    }
}
