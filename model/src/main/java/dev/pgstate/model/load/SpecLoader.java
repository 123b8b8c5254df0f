package dev.pgstate.model.load;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads one YAML spec document into a {@link Spec}. Strict on purpose, because a spec that means
 * something other than what its author thinks is worse than one that is refused:
 * <ul>
 * <li>keys are snake_case ({@code connection_limit}); unknown and duplicate keys are errors;</li>
 * <li>booleans are {@code true} or {@code false} only: {@code yes}, {@code no}, {@code on} and
 *     {@code off} are read as strings (YAML 1.2), so {@code login: yes} is an error, not a {@code true};</li>
 * <li>{@code password} is {@code none} or a mapping naming where the secret is; a plain string there is an
 *     error whose message never repeats it;</li>
 * <li>no coercion: {@code "true"}, {@code "10"}, {@code 1.5} or {@code ""} is never turned into a
 *     boolean or an integer; a scalar where a string is expected keeps its exact text
 *     ({@code name: 007} is the role {@code 007}).</li>
 * </ul>
 * Problems carry file:line:column and a field path ({@code roles[1].member_of[0].role}, 0-based).
 * Loading does not validate; see {@code dev.pgstate.model.Specs} for both.
 */
public final class SpecLoader {

    /**
     * SnakeYAML stops at 3 MB by default, which a fleet spec passes at about ten thousand roles with password files
     * and pg_hba rules (the benchmark's is 3.3 MB). Reading a file and, when it has a problem, the position of every
     * field takes about twelve times its size in heap, so the limit is a sixteenth of the heap: 4 MB under the
     * packaged -Xmx64m, where a larger file ran the daemon out of memory; never more than 64 MB.
     */
    static final int MAX_SPEC_MEGABYTES =
            (int) Math.max(1, Math.min(64, Math.round(Runtime.getRuntime().maxMemory() / 16.0 / (1 << 20))));
    /** No spec nests deeper than hba.rules[i].options.name (5); the bound keeps a hostile file off the stack. */
    static final int MAX_DEPTH = 20;
    /** Room for an inline PEM bundle of about 150 certificates; no name or setting comes near. */
    static final int MAX_VALUE_CHARACTERS = 256 * 1024;

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_VALUE_CHARACTERS)
                    .maxNameLength(MAX_VALUE_CHARACTERS)
                    .build())
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            // "login:" with nothing after it is YAML's null (not managed); a quoted "" stays a string.
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static final String SPEC_TOP_LEVEL = "connection, roles and databases";

    /** Built when first parsing: a run whose spec was kept ({@link #parsedBefore}) binds JSON instead. */
    private static final class Binding {
        static final ObjectMapper MAPPER = mapper(new SimpleModule());
    }

    /**
     * Goes on past values that do not fit, recording them: for reporting every problem of a document that has one.
     * Built only then: a well-formed spec never needs it, and a mapper costs every command some milliseconds under the
     * launcher's C1.
     */
    private static final class Tolerating {
        static final ObjectMapper MAPPER = mapper(new SimpleModule().setDeserializerModifier(Tolerant.EVERYWHERE));
    }

    private SpecLoader() {
    }

    private static ObjectMapper mapper(SimpleModule module) {
        return strict(YAMLMapper.builder(YAML), module);
    }

    /** The binding rules of every spec, whatever the format it is read from (YAML, or the agent's kept JSON). */
    static ObjectMapper strict(MapperBuilder<?, ?> builder, SimpleModule module) {
        return builder
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // a second document must fail the one-parse path, so the scan reports it
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // "roles: [~]" or a stray "-" is a mistake, not an entry to drop or a null to trip over later.
                .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
                .withCoercionConfig(LogicalType.Boolean, config -> refuse(config, CoercionInputShape.Integer))
                .withCoercionConfig(LogicalType.Integer, config -> refuse(config, CoercionInputShape.Float))
                .addModule(module.addDeserializer(PasswordSource.class, new PasswordSourceDeserializer())
                        .addDeserializer(String.class, new BoundedStringDeserializer()))
                .build();
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE); // the loader's own limit, checked before parsing, is in bytes
        options.setNestingDepthLimit(MAX_DEPTH);
        // Jackson never expands an alias (it reads "*a" as the string "a"); the scan refuses them outright
        options.setMaxAliasesForCollections(0);
        return options;
    }

    /**
     * @throws SpecException when the file is not a well-formed spec
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Spec load(Path file) {
        return read(file).spec();
    }

    /** @param sourceName what problems name as the file, usually the path as the user gave it */
    public static Spec load(String sourceName, String yamlText) {
        return read(sourceName, yamlText).spec();
    }

    /** Like {@link #load(Path)}, keeping where each field was written, for validation. */
    public static LoadedSpec read(Path file) {
        return read(file.toString(), readText(file));
    }

    public static LoadedSpec read(String sourceName, String yamlText) {
        Document<Spec> document = read(Spec.class, SPEC_TOP_LEVEL, sourceName, yamlText);
        return new LoadedSpec(document.value(), document.source());
    }

    /**
     * The spec {@code content} was parsed into before (and kept), with where each of its fields was written found from
     * {@code content} when first asked.
     */
    public static LoadedSpec parsedBefore(String sourceName, byte[] content, Spec spec) {
        return new LoadedSpec(spec, SourceMap.scannedWhenAsked(sourceName,
                () -> SourceScanner.scan(YAML, sourceName, text(sourceName, content), SPEC_TOP_LEVEL)));
    }

    /** A YAML document bound to {@code type} and where each of its fields was written. */
    public record Document<T>(T value, SourceMap source) {
    }

    /**
     * Any other file of the agent's (an inventory), read as strictly as a spec and with problems in the same words.
     *
     * @param topLevel what the top-level mapping holds, for the problem when it is missing ("boxes")
     */
    public static <T> Document<T> read(Class<T> type, String topLevel, String sourceName, String yamlText) {
        if (yamlText.length() > MAX_SPEC_MEGABYTES * 1024 * 1024) {
            throw tooLarge(sourceName);
        }
        refuseBareUnicodeBreaks(sourceName, yamlText);
        if (yamlText.indexOf('*') >= 0) {
            SourceScanner.scan(YAML, sourceName, yamlText, topLevel); // an alias, which binding would read as a string
        }
        ObjectReader reader = Binding.MAPPER.readerFor(type);
        try {
            // the common case, a well-formed document, in one parse; positions are found only if validation needs one
            T value = reader.readValue(yamlText);
            if (value == null) {
                SourceScanner.scan(YAML, sourceName, yamlText, topLevel); // a document that is only a null: empty
            }
            return new Document<>(value, SourceMap.scannedWhenAsked(sourceName,
                    () -> SourceScanner.scan(YAML, sourceName, yamlText, topLevel)));
        } catch (JacksonException e) {
            return readReportingEveryProblem(type, topLevel, sourceName, yamlText);
        }
    }

    /**
     * NEL, LS and PS are line breaks to YAML 1.1 that editors do not show as such: a NEL inside a name was folded into
     * a space, and after one a comment's remaining text was read as YAML. Written bare they are refused where they
     * stand; their escapes in double quotes ({@code \N}, {@code \L}, {@code \P}) are the characters themselves.
     */
    private static void refuseBareUnicodeBreaks(String sourceName, String yamlText) {
        for (int i = 0; i < yamlText.length(); i++) {
            char c = yamlText.charAt(i);
            if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
                int lineStart = yamlText.lastIndexOf('\n', i) + 1;
                int line = (int) yamlText.substring(0, lineStart).chars().filter(ch -> ch == '\n').count() + 1;
                throw SpecException.of(new SpecProblem(sourceName, line, i - lineStart + 1, "", String.format(
                        "a bare U+%04X, which YAML reads as a line break; write it as an escape in double quotes if "
                                + "it is meant", (int) c)));
            }
        }
    }

    /** Like {@link #read(Class, String, String, String)} for a file, with the spec's size limit and encoding check. */
    public static <T> Document<T> read(Class<T> type, String topLevel, Path file) {
        return read(type, topLevel, file.toString(), readText(file));
    }

    /**
     * Scans positions first, then binds again past each unknown key, leaving out every value that does not fit, so
     * that every problem is reported; a spec as far as it could be bound goes with them, for validation.
     */
    private static <T> Document<T> readReportingEveryProblem(Class<T> type, String topLevel, String sourceName,
            String yamlText) {
        SourceMap source = SourceScanner.scan(YAML, sourceName, yamlText, topLevel);
        List<SpecProblem> problems = new ArrayList<>();
        while (true) {
            Tolerant.Failures failures = new Tolerant.Failures();
            try {
                T value = Tolerating.MAPPER.readerFor(type).withAttribute(Tolerant.attribute(), failures)
                        .withHandler(new UnknownKeys(problems.size())).readValue(yamlText);
                List<SpecProblem> all = new ArrayList<>(problems);
                for (JsonMappingException failure : failures.errors()) {
                    SpecProblem problem = BindingErrors.translate(failure, source);
                    // a value left out may make its record miss a required field: one problem for one mistake
                    if (all.stream().noneMatch(known -> known.field().equals(problem.field()))) {
                        all.add(problem);
                    }
                }
                if (all.isEmpty()) {
                    return new Document<>(value, source);
                }
                throw new SpecException(all, value instanceof Spec spec
                        ? new SpecException.Partial(new LoadedSpec(spec, source), failures.leftOut()) : null);
            } catch (UnrecognizedPropertyException e) {
                // Every unknown key so far is now a problem; bind again to find the next one.
                SpecProblem problem = BindingErrors.translate(e, source);
                if (problems.contains(problem)) {
                    throw new SpecException(problems); // Jackson did not ask the handler: no progress
                }
                problems.add(problem);
            } catch (JacksonException e) {
                problems.add(BindingErrors.translate(e, source));
                throw new SpecException(problems);
            }
        }
    }

    private static String readText(Path file) {
        return text(file.toString(), readBytes(file));
    }

    /**
     * The file's bytes, for a caller that checks exactly what is then parsed (its signature).
     *
     * @throws SpecException when the file is larger than the agent reads, before reading it
     * @throws UncheckedIOException when the file cannot be read
     */
    public static byte[] readBytes(Path file) {
        try {
            if (Files.size(file) > MAX_SPEC_MEGABYTES * 1024L * 1024) {
                throw tooLarge(file.toString()); // before reading it: a huge file would fill the heap
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    /** @throws SpecException when {@code content} is not UTF-8 text */
    public static String text(String sourceName, byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw SpecException.of(new SpecProblem(sourceName, 1, 1, "", "the file is not UTF-8 text"));
        }
    }

    private static SpecException tooLarge(String sourceName) {
        return SpecException.of(new SpecProblem(sourceName, 1, 1, "", "the file is larger than " + MAX_SPEC_MEGABYTES
                + " MB, the most the agent reads (a sixteenth of its heap, -Xmx in JAVA_OPTS, and at most 64 MB)"));
    }

    /** Strings never become booleans or integers, nor does the other numeric shape. */
    private static void refuse(MutableCoercionConfig config, CoercionInputShape otherNumber) {
        config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(otherNumber, CoercionAction.Fail);
    }
}
