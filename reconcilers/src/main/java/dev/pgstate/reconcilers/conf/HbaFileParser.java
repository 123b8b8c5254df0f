package dev.pgstate.reconcilers.conf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the text of one pg_hba.conf file with one version's grammar. Never fails: a line PostgreSQL would
 * reject becomes an {@link HbaEntry.Invalid} with the server's message, so callers can report file and line.
 */
public final class HbaFileParser {

    private final HbaGrammar grammar;
    private final ConfFiles files;
    private final HbaRuleParser rules;
    private final FileReferences references;

    public HbaFileParser(HbaGrammar grammar, ConfFiles files) {
        this.grammar = grammar;
        this.files = files;
        this.rules = new HbaRuleParser(grammar);
        this.references = new FileReferences(grammar, files);
    }

    public HbaGrammar grammar() {
        return grammar;
    }

    public ConfFiles files() {
        return files;
    }

    public HbaFile parse(Path path, String text) {
        List<HbaLine> lines = new ArrayList<>();
        for (LogicalLine line : split(grammar, text)) {
            lines.add(new HbaLine(line.number, line.raw, entry(path, line.content)));
        }
        return new HbaFile(path, lines);
    }

    private HbaEntry entry(Path path, String content) {
        HbaTokenizer.Tokens tokens = HbaTokenizer.tokenize(grammar, content);
        if (tokens.error() != null) {
            return HbaEntry.Invalid.fatal(tokens.error());
        }
        List<List<HbaToken>> written = tokens.fields();
        FileReferences.Expanded expanded = references.expand(path, written);
        if (expanded.error() != null) {
            return HbaEntry.Invalid.fatal(expanded.error());
        }
        List<List<HbaToken>> fields = expanded.fields();
        if (fields.isEmpty()) {
            return new HbaEntry.Blank();
        }
        if (grammar.hasIncludes() && fields.size() == 2) {
            // The server compares the text only, so a quoted "include" is a directive too.
            var kind = HbaEntry.Include.Kind.of(fields.get(0).get(0).text());
            if (kind.isPresent()) {
                return new HbaEntry.Include(kind.get(), fields.get(1).get(0).text());
            }
        }
        HbaEntry entry = rules.parse(written, fields);
        return fields.equals(written) ? entry : withoutFileContents(entry, written, fields);
    }

    /**
     * The server's message for a bad line can quote a token that came from an {@code @file} (which may be a
     * secret list); such a message is replaced, so the agent names the reference but never shows its contents.
     */
    private static HbaEntry withoutFileContents(HbaEntry entry, List<List<HbaToken>> written, List<List<HbaToken>> expanded) {
        if (!(entry instanceof HbaEntry.Invalid invalid) || !invalid.fatal()) {
            return entry;
        }
        Set<String> ownText = written.stream().flatMap(List::stream).map(HbaToken::text).collect(Collectors.toSet());
        boolean quotesFile = expanded.stream().flatMap(List::stream).map(HbaToken::text)
                .filter(text -> !text.isEmpty() && !ownText.contains(text))
                .anyMatch(invalid.message()::contains);
        return quotesFile ? HbaEntry.Invalid.fatal("the server refuses this line; its message quotes the contents of"
                + " a file named by an @file reference and is not shown") : entry;
    }

    /** The contents of the logical lines of {@code text}, for {@code @file} expansion. */
    static List<String> logicalLines(HbaGrammar grammar, String text) {
        return split(grammar, text).stream().map(l -> l.content).toList();
    }

    /** A logical line: first physical line number, original text with terminators, and content to tokenize. */
    private record LogicalLine(int number, String raw, String content) {
    }

    /**
     * Splits into physical lines (terminator kept in {@code raw}), strips CR/LF from the content, and on 14+ joins
     * a line ending in a backslash with the next one, backslash removed and nothing added — also inside quotes
     * and comments, as the server does.
     */
    private static List<LogicalLine> split(HbaGrammar grammar, String text) {
        List<LogicalLine> lines = new ArrayList<>();
        int at = 0;
        int number = 1;
        while (at < text.length()) {
            int first = number;
            StringBuilder raw = new StringBuilder();
            StringBuilder content = new StringBuilder();
            while (true) {
                int end = text.indexOf('\n', at);
                int next = end < 0 ? text.length() : end + 1;
                String physical = text.substring(at, next);
                raw.append(physical);
                at = next;
                number++;
                String stripped = stripLineBreak(physical);
                boolean continues = grammar.hasContinuation() && stripped.endsWith("\\") && at < text.length();
                content.append(continues ? stripped.substring(0, stripped.length() - 1) : stripped);
                if (!continues) {
                    break;
                }
            }
            String line = content.toString();
            if (grammar.hasContinuation() && line.endsWith("\\")) {
                line = line.substring(0, line.length() - 1); // a backslash on the last line continues into nothing
            }
            lines.add(new LogicalLine(first, raw.toString(), line));
        }
        return lines;
    }

    private static String stripLineBreak(String physical) {
        int end = physical.length();
        while (end > 0 && (physical.charAt(end - 1) == '\n' || physical.charAt(end - 1) == '\r')) {
            end--;
        }
        return physical.substring(0, end);
    }
}
