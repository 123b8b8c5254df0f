package dev.pgstate.reconcilers.conf;

import java.util.Objects;

/**
 * One token of a pg_hba.conf field after unquoting. {@code quoted} is true when the token began with a double
 * quote: then it is never a keyword ({@code "all"} is the database named all), a group ({@code "+x"}) or a file
 * ({@code "@x"}) — exactly PostgreSQL's rule. A regular expression (16+) is the exception: the server compiles
 * every database and user token starting with {@code /}, quoted or not ({@code regcomp_auth_token}).
 */
public record HbaToken(String text, boolean quoted) {

    public HbaToken {
        Objects.requireNonNull(text, "text");
    }

    public static HbaToken plain(String text) {
        return new HbaToken(text, false);
    }

    public boolean isKeyword(String keyword) {
        return !quoted && text.equals(keyword);
    }

    /** {@code +group}: members of group, directly or indirectly. */
    public boolean isGroup() {
        return !quoted && text.startsWith("+");
    }

    /** {@code @file}: names read from a file relative to the referencing file. */
    public boolean isFileReference() {
        return !quoted && text.length() > 1 && text.startsWith("@");
    }

    /** {@code /regex} or {@code "/regex"} on versions that have them (16+). */
    public boolean isRegex(HbaGrammar grammar) {
        return grammar.hasRegex() && text.startsWith("/");
    }

    /**
     * How to write this token so PostgreSQL reads it back the same: quoted when it has to be, {@code ""} for a quote;
     * a group's {@code +} or a file's {@code @} stays outside the quotes ({@code +"my group"}), since a token that
     * begins with a quote is a plain name.
     */
    public String written() {
        String marker = isGroup() || isFileReference() ? text.substring(0, 1) : "";
        String rest = text.substring(marker.length());
        boolean mustQuote = quoted || rest.isEmpty() || rest.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\r'
                || c == ',' || c == '"' || c == '#');
        return mustQuote ? marker + '"' + rest.replace("\"", "\"\"") + '"' : text;
    }

    @Override
    public String toString() {
        return written();
    }
}
