package dev.pgstate.reconcilers.conf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one logical pg_hba.conf line into fields of comma-separated tokens, character for character the way
 * PostgreSQL's {@code next_token} does: blanks are space, tab and CR; {@code #} outside quotes ends the line;
 * {@code ""} inside quotes is a quote; a comma ends a token and continues the field; commas before a token are
 * skipped, so {@code a ,b} is two fields.
 */
final class HbaTokenizer {

    /** The fields of a line, or the error that stopped tokenizing it. */
    record Tokens(List<List<HbaToken>> fields, String error) {
        Tokens {
            fields = List.copyOf(fields);
        }
    }

    private final HbaGrammar grammar;
    private final String line;
    private int at;

    private HbaTokenizer(HbaGrammar grammar, String line) {
        this.grammar = grammar;
        this.line = line;
    }

    static Tokens tokenize(HbaGrammar grammar, String line) {
        return new HbaTokenizer(grammar, line).fields();
    }

    private Tokens fields() {
        List<List<HbaToken>> fields = new ArrayList<>();
        while (at < line.length()) {
            List<HbaToken> field = new ArrayList<>();
            boolean trailingComma;
            do {
                Token token = next();
                if (token.error != null) {
                    return new Tokens(fields, token.error);
                }
                if (token.value == null) {
                    break;
                }
                field.add(token.value);
                trailingComma = token.trailingComma;
            } while (trailingComma);
            if (!field.isEmpty()) {
                fields.add(field);
            }
        }
        return new Tokens(fields, null);
    }

    private record Token(HbaToken value, boolean trailingComma, String error) {
    }

    private Token next() {
        while (at < line.length() && (isBlank(line.charAt(at)) || line.charAt(at) == ',')) {
            at++;
        }
        StringBuilder text = new StringBuilder();
        boolean inQuote = false;
        boolean wasQuote = false;
        boolean sawQuote = false;
        boolean initialQuote = false;
        boolean trailingComma = false;
        while (at < line.length() && (inQuote || !isBlank(line.charAt(at)))) {
            char c = line.charAt(at);
            if (c == '#' && !inQuote) {
                at = line.length();
                break;
            }
            if (c == ',' && !inQuote) {
                trailingComma = true;
                at++;
                break;
            }
            if (c != '"' || wasQuote) {
                text.append(c);
            }
            wasQuote = inQuote && c == '"' && !wasQuote;
            if (c == '"') {
                inQuote = !inQuote;
                sawQuote = true;
                if (text.length() == 0) {
                    initialQuote = true;
                }
            }
            at++;
        }
        if (text.toString().getBytes(StandardCharsets.UTF_8).length > grammar.maxTokenBytes()) {
            at = line.length();
            return new Token(null, false, "authentication file token too long");
        }
        if (!sawQuote && text.length() == 0) {
            return new Token(null, false, null);
        }
        return new Token(new HbaToken(text.toString(), initialQuote), trailingComma, null);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
