package dev.pgstate.agent.fleet;

import dev.pgstate.model.Specs;
import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.model.load.SpecProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spec file whose text may say {@code ${box.KEY}}: the box's variable KEY (or its {@code name} or {@code host}),
 * put in before the spec is parsed and validated for that box. Values are single lines (the inventory says so), so
 * every line of the rendered spec is the line of the file it came from and problems point at the file's lines.
 */
public final class SpecTemplate {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{box\\.([^}\\n]*)}");

    private final Path file;
    private final byte[] bytes;
    private final String text;

    private SpecTemplate(Path file, byte[] bytes, String text) {
        this.file = file;
        this.bytes = bytes;
        this.text = text;
    }

    /** The spec file, which must be one the agent may obey like any spec ({@link FileTrust}). */
    public static SpecTemplate read(Path file, FileTrust trust) {
        return read(file, trust, Specs.ContentCheck.NONE);
    }

    /**
     * The spec file, which must be one the agent may obey like any spec ({@link FileTrust}) and whose bytes pass
     * {@code check} (its signature), the same bytes that are then rendered.
     *
     * @throws SpecException when it is not to be trusted, is refused by {@code check} or a reference is malformed
     */
    public static SpecTemplate read(Path file, FileTrust trust, Specs.ContentCheck check) {
        trust.fileProblem(file, FileTrust.Readers.ANYONE).ifPresent(problem -> {
            throw SpecException.of(new SpecProblem(file.toString(), 1, 1, "", "refused: " + problem));
        });
        byte[] bytes = SpecLoader.readBytes(file);
        check.check(file, bytes);
        SpecTemplate template = new SpecTemplate(file, bytes, SpecLoader.text(file.toString(), bytes));
        List<SpecProblem> malformed = new ArrayList<>();
        template.eachReference((reference, at) -> {
            if (!InventoryLoader.VARIABLE.matcher(reference).matches()) {
                malformed.add(template.problem(at, "${box." + reference + "} is not a variable reference: write "
                        + "${box.KEY}, KEY being letters, digits and _"));
            }
            return "";
        });
        if (!malformed.isEmpty()) {
            throw new SpecException(malformed);
        }
        return template;
    }

    public Path file() {
        return file;
    }

    /** The file's bytes, as read and checked once. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The variable names the spec refers to. */
    public Set<String> references() {
        Set<String> keys = new TreeSet<>();
        eachReference((key, at) -> {
            keys.add(key);
            return "";
        });
        return keys;
    }

    /**
     * The spec text {@code box} gets, checked as a spec: the box's agent will check it again, but a problem found here
     * stops the push before any box is touched.
     *
     * @throws SpecException naming the box and the key of each undefined variable, or the spec's problems
     */
    public String render(Box box) {
        List<SpecProblem> undefined = new ArrayList<>();
        String rendered = eachReference((key, at) -> box.variable(key).orElseGet(() -> {
            undefined.add(problem(at, "${box." + key + "} is not defined for box " + box.name()
                    + ": give it vars: {" + key + ": ...} in the inventory"));
            return "";
        }));
        if (!undefined.isEmpty()) {
            throw new SpecException(undefined);
        }
        Specs.load(file + " (for box " + box.name() + ")", rendered);
        return rendered;
    }

    /**
     * Warnings for variables the boxes define and the spec never uses: often a misspelt key, whose box then gets the
     * spec without the value meant for it.
     */
    public List<String> unusedVariables(List<Box> boxes) {
        TreeMap<String, List<String>> unused = new TreeMap<>();
        Set<String> used = references();
        for (Box box : boxes) {
            box.vars().keySet().stream().filter(key -> !used.contains(key))
                    .forEach(key -> unused.computeIfAbsent(key, k -> new ArrayList<>()).add(box.name()));
        }
        List<String> warnings = new ArrayList<>();
        unused.forEach((key, names) -> warnings.add("variable " + key + " (" + String.join(", ", names)
                + ") is not used by " + file));
        return warnings;
    }

    /** Where a reference starts: 1-based line and column. */
    private record Position(int line, int column) {
    }

    private interface Replacement {
        String valueOf(String key, Position at);
    }

    private String eachReference(Replacement replacement) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            String value = replacement.valueOf(matcher.group(1), position(matcher.start()));
            matcher.appendReplacement(out, Matcher.quoteReplacement(Objects.requireNonNull(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private Position position(int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart + 1);
    }

    private SpecProblem problem(Position at, String message) {
        return new SpecProblem(file.toString(), at.line(), at.column(), "", message);
    }
}
