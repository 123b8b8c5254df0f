package dev.pgstate.model.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.JacksonYAMLParseException;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a document as YAML tokens, before any binding, to record where every field was written
 * and to catch what binding would report badly or not at all: syntax errors, an empty file, a top
 * level that is not a mapping, duplicate keys (all of them, with where the first one is) and a
 * second document.
 */
final class SourceScanner {

    private final YAMLFactory yaml;
    private final String file;
    private final String topLevel;
    private final Map<String, SourceMap.Written> fields = new HashMap<>();
    private final List<SpecProblem> problems = new ArrayList<>();

    private SourceScanner(YAMLFactory yaml, String file, String topLevel) {
        this.yaml = yaml;
        this.file = file;
        this.topLevel = topLevel;
    }

    /**
     * @param topLevel what the document's top-level mapping holds, in the words of a problem ("connection, roles and
     *                 databases")
     * @throws SpecException when the document cannot be bound at all
     */
    static SourceMap scan(YAMLFactory yaml, String file, String text, String topLevel) {
        return new SourceScanner(yaml, file, topLevel).scan(text);
    }

    private SourceMap scan(String text) {
        try (JsonParser parser = yaml.createParser(text)) {
            // Duplicates are reported below, every one of them and in our words, not as a parser failure.
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                throw SpecException.of(new SpecProblem(file, 1, 1, "",
                        "the file is empty; expected a mapping with " + topLevel));
            }
            if (first != JsonToken.START_OBJECT) {
                throw SpecException.of(problem(parser.currentTokenLocation(), "",
                        "expected a mapping with " + topLevel + " at the top level, found "
                                + describe(parser)));
            }
            try {
                record(parser, "", null);
            } catch (StreamConstraintsException e) {
                throw SpecException.of(limitProblem(parser, e));
            }
            if (parser.nextToken() != null) {
                problems.add(problem(parser.currentTokenLocation(), "",
                        "a second YAML document; put the whole " + (topLevel.equals(SpecLoader.SPEC_TOP_LEVEL) ? "spec" : "file") + " in one document"));
            }
        } catch (JacksonYAMLParseException e) {
            throw SpecException.of(syntaxProblem(e));
        } catch (JsonProcessingException e) {
            // what Jackson itself refuses while reading YAML's events, e.g. a mapping where a document ends
            JsonLocation at = e.getLocation();
            String detail = e.getOriginalMessage().startsWith("Expected a field name")
                    ? "a key must be a plain value, not a list or a mapping"
                    : e.getOriginalMessage().lines().findFirst().orElse("");
            throw SpecException.of(new SpecProblem(file, at == null ? 1 : Math.max(1, at.getLineNr()),
                    at == null ? 1 : Math.max(1, at.getColumnNr()), "", "YAML syntax error: " + detail));
        } catch (IOException e) {
            throw new IllegalStateException("reading YAML from a string cannot fail with I/O", e);
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new SourceMap(file, fields);
    }

    /** Records the value the parser is on, and everything inside it. */
    private void record(JsonParser parser, String path, JsonLocation key) throws IOException {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            problems.add(problem(parser.currentTokenLocation(), path,
                    "YAML aliases (*" + parser.getText() + ") are not supported; write the value out"));
            return;
        }
        fields.put(path, SourceMap.Written.of(key, parser.currentTokenLocation(), describe(parser)));
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            Map<String, JsonLocation> seen = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonLocation at = parser.currentTokenLocation();
                JsonLocation first = seen.putIfAbsent(name, at);
                if (first != null) {
                    problems.add(problem(at, FieldPath.key(path, name),
                            "duplicate key; the first \"" + name + "\" is on line " + first.getLineNr()));
                }
                parser.nextToken();
                if (first == null) {
                    record(parser, FieldPath.key(path, name), at);
                } else {
                    parser.skipChildren();
                }
            }
        } else if (parser.currentToken() == JsonToken.START_ARRAY) {
            for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                record(parser, FieldPath.index(path, i), null);
            }
        }
    }

    /** A limit of {@link SpecLoader} was passed: too deep, or a value too long. */
    private SpecProblem limitProblem(JsonParser parser, StreamConstraintsException e) {
        String field = FieldPath.of(parser.getParsingContext());
        if (e.getMessage().contains("nesting depth")) {
            return problem(parser.currentLocation(), FieldPath.parentOf(field),
                    "nested deeper than " + SpecLoader.MAX_DEPTH + " levels");
        }
        return problem(parser.currentTokenLocation(), field,
                "a value longer than " + SpecLoader.MAX_VALUE_CHARACTERS + " characters");
    }

    private SpecProblem problem(JsonLocation at, String field, String message) {
        return new SpecProblem(file, at.getLineNr(), at.getColumnNr(), field, message);
    }

    /** SnakeYAML's own problem text ("found unexpected end of stream"), where it found the problem. */
    private SpecProblem syntaxProblem(JacksonYAMLParseException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            // SnakeYAML's marks count from 0; ours, like every editor's, from 1.
            return new SpecProblem(file, marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1,
                    "", "YAML syntax error: " + marked.getProblem() + context);
        }
        String firstLine = e.getOriginalMessage().lines().findFirst().orElse("");
        return problem(e.getLocation(), "", "YAML syntax error: " + firstLine);
    }

    /** How a value was written, in the words messages use after "found". */
    static String describe(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "nothing";
            case VALUE_STRING -> "\"" + parser.getText() + "\"";
            default -> parser.getText();
        };
    }
}
