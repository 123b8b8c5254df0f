package dev.pgstate.reconcilers.regex;

/** Why PostgreSQL's regex compiler rejects a pattern, in the server's words ({@code pg_regerror}). */
enum ServerError {
    INVALID_ESCAPE("invalid escape \\ sequence"), BAD_BACKREF("invalid backreference number"),
    BRACKETS("brackets [] not balanced"), PARENTHESES("parentheses () not balanced"),
    BRACES("braces {} not balanced"), BAD_COUNT("invalid repetition count(s)"),
    BAD_RANGE("invalid character range"), BAD_QUANTIFIER("quantifier operand invalid"),
    BAD_OPTION("invalid embedded option"), BAD_COLLATING("invalid collating element"),
    BAD_CLASS("invalid character class"), BAD_PATTERN("invalid regexp (reg version 0.8)");

    private final String text;

    ServerError(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
