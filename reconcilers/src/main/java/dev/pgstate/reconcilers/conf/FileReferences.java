package dev.pgstate.reconcilers.conf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Expands {@code @file} tokens the way PostgreSQL does while tokenizing: in any field, into every token of every
 * line of that file (relative to the referencing file's directory), recursively. A field that expands to nothing
 * disappears, so the columns after it shift left, as on the server.
 */
final class FileReferences {

    /** Deep enough for any sane nesting; a file that references itself fails here instead of looping. */
    private static final int MAX_DEPTH = 10;

    /** The fields after expansion, or why expansion failed. */
    record Expanded(List<List<HbaToken>> fields, String error) {
    }

    private final HbaGrammar grammar;
    private final ConfFiles files;

    FileReferences(HbaGrammar grammar, ConfFiles files) {
        this.grammar = grammar;
        this.files = files;
    }

    Expanded expand(Path referencingFile, List<List<HbaToken>> fields) {
        return expand(referencingFile, fields, 0);
    }

    private Expanded expand(Path referencingFile, List<List<HbaToken>> fields, int depth) {
        List<List<HbaToken>> expanded = new ArrayList<>();
        for (List<HbaToken> field : fields) {
            List<HbaToken> tokens = new ArrayList<>();
            for (HbaToken token : field) {
                if (!token.isFileReference()) {
                    tokens.add(token);
                    continue;
                }
                String name = token.text().substring(1);
                Path file = resolve(referencingFile, name);
                Optional<String> text = depth >= MAX_DEPTH ? Optional.empty() : files.read(file);
                if (text.isEmpty()) {
                    return new Expanded(expanded, "could not open secondary authentication file \"@" + name
                            + "\" as \"" + file + "\"");
                }
                for (String line : HbaFileParser.logicalLines(grammar, text.get())) {
                    HbaTokenizer.Tokens inner = HbaTokenizer.tokenize(grammar, line);
                    if (inner.error() != null) {
                        return new Expanded(expanded, inner.error());
                    }
                    Expanded nested = expand(file, inner.fields(), depth + 1);
                    if (nested.error() != null) {
                        return nested;
                    }
                    nested.fields().forEach(tokens::addAll);
                }
            }
            if (!tokens.isEmpty()) {
                expanded.add(tokens);
            }
        }
        return new Expanded(expanded, null);
    }

    static Path resolve(Path referencingFile, String name) {
        Path target = Path.of(name);
        if (target.isAbsolute()) {
            return target;
        }
        Path dir = referencingFile.toAbsolutePath().getParent();
        return dir == null ? target : dir.resolve(target);
    }
}
