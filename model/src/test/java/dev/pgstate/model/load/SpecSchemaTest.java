package dev.pgstate.model.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.pgstate.model.Specs;
import dev.pgstate.testkit.JsonSchemaCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema editors and CI use against the loader itself: the examples and valid fixtures pass both, and every
 * invalid fixture the schema can judge on its own is refused by both.
 */
class SpecSchemaTest {

    private static final Path RESOURCE = Path.of("src/main/resources").resolve(SpecSchema.RESOURCE);
    private static final Path EXAMPLES = Path.of("../config-examples");
    private static final Path VALID = Path.of("src/test/resources/specs/valid");
    private static final Path INVALID = Path.of("src/test/resources/specs/invalid");
    /** How an editor reads YAML (1.2: yes/no/on/off are strings, "key:" is null), strict about duplicate keys and a second document. */
    private static final ObjectReader YAML_1_2 = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(JsonNode.class);
    private static final JsonSchemaCheck SCHEMA = new JsonSchemaCheck(SpecSchema.generate());

    /**
     * Invalid fixtures whose problem needs more than one field, the rest of the spec or a server-side list (a name
     * declared twice, a member of a dropped role, an encoding): the validator's, not the schema's. The schema must
     * accept them, so that this list is exactly what it leaves to the validator.
     */
    private static final Map<String, String> BEYOND_THE_SCHEMA = Map.ofEntries(
            Map.entry("absent-database-with-attributes.yaml", "depends on state"),
            Map.entry("absent-role-with-attributes.yaml", "depends on state"),
            Map.entry("bad-encoding.yaml", "the server's encodings"),
            Map.entry("bad-valid-until.yaml", "a date or timestamp"),
            Map.entry("control-characters.yaml", "characters inside a name"),
            Map.entry("control-characters-outside-objects.yaml", "characters inside a text"),
            Map.entry("duplicate-database.yaml", "across entries"),
            Map.entry("duplicate-role.yaml", "across entries"),
            Map.entry("empty-host.yaml", "empty text"),
            Map.entry("encoding-alias.yaml", "the server's encodings"),
            Map.entry("extension-mistakes.yaml", "empty text, across entries, depends on state"),
            Map.entry("line-separators.yaml", "characters inside a name or a text"),
            Map.entry("lint-and-unmanaged-problems.yaml", "lint rule ids, policies together"),
            Map.entry("locale-and-lc-collate.yaml", "fields together"),
            Map.entry("member-of-absent-role.yaml", "across entries"),
            Map.entry("member-of-itself.yaml", "across entries"),
            Map.entry("member-of-twice.yaml", "across entries"),
            Map.entry("name-64-bytes-unicode.yaml", "UTF-8 bytes"),
            Map.entry("name-64-bytes.yaml", "UTF-8 bytes"),
            Map.entry("name-empty.yaml", "empty text"),
            Map.entry("name-nul.yaml", "characters inside a name"),
            Map.entry("owner-absent.yaml", "across entries"),
            Map.entry("password-bad-verifier.yaml", "the verifier's form"),
            Map.entry("password-references.yaml", "absolute paths, variable names"),
            Map.entry("reassign-to-absent-role.yaml", "across entries"),
            Map.entry("reassign-to-itself.yaml", "across entries"),
            Map.entry("reassign-without-absent.yaml", "depends on state"),
            Map.entry("reserved-none-public.yaml", "reserved names"),
            Map.entry("schema-mistakes.yaml", "reserved names, across entries, depends on state"),
            Map.entry("reserved-pg-name.yaml", "reserved names"),
            Map.entry("server-ssl-settings.yaml", "parameters the tls section owns"),
            Map.entry("tls-passphrase.yaml", "which file takes a passphrase, and which sources"));

    @Test
    void theJarCarriesTheSchemaGeneratedFromTheModel() throws IOException {
        if (Boolean.getBoolean("pgstate.schema.update")) {
            Files.writeString(RESOURCE, SpecSchema.text());
        }
        try (InputStream shipped = getClass().getClassLoader().getResourceAsStream(SpecSchema.RESOURCE)) {
            assertThat(shipped).as(SpecSchema.RESOURCE + " on the classpath").isNotNull();
            assertThat(new String(shipped.readAllBytes(), StandardCharsets.UTF_8))
                    .as("%s is stale: rewrite it with -Dpgstate.schema.update=true -Dtest=SpecSchemaTest", RESOURCE)
                    .isEqualTo(Files.readString(RESOURCE))
                    .isEqualTo(SpecSchema.text());
        }
    }

    static Stream<Path> acceptedSpecs() throws IOException {
        return Stream.concat(yamlFiles(EXAMPLES), yamlFiles(VALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedSpecs")
    void everyExampleAndValidSpecPassesTheSchemaAndTheLoader(Path spec) throws IOException {
        assertThat(Specs.load(spec)).isNotNull();

        assertThat(SCHEMA.violations(YAML_1_2.readTree(Files.readString(spec)))).isEmpty();
    }

    static Stream<Path> invalidSpecs() throws IOException {
        return yamlFiles(INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void theSchemaRefusesWhatTheLoaderRefusesWhereOneFieldTells(Path spec) throws IOException {
        String text = Files.readString(spec);
        assertThatThrownBy(() -> Specs.load(spec.getFileName().toString(), text)).isInstanceOf(SpecException.class);

        List<String> violations = violations(text);
        if (BEYOND_THE_SCHEMA.containsKey(spec.getFileName().toString())) {
            assertThat(violations).as("left to the validator: " + BEYOND_THE_SCHEMA.get(spec.getFileName().toString()))
                    .isEmpty();
        } else {
            assertThat(violations).as("the schema refuses it too").isNotEmpty();
        }
    }

    @Test
    void theInvalidFixturesExemptFromTheSchemaExist() throws IOException {
        List<String> fixtures = yamlFiles(INVALID).map(path -> path.getFileName().toString()).toList();

        assertThat(fixtures).containsAll(BEYOND_THE_SCHEMA.keySet());
        assertThat(fixtures.size()).as("fixtures the schema judges").isGreaterThan(BEYOND_THE_SCHEMA.size() + 20);
    }

    /** What the schema says of a document; one that is not a single YAML mapping is refused as an editor would. */
    private static List<String> violations(String yaml) {
        JsonNode document;
        try {
            document = YAML_1_2.readTree(yaml);
        } catch (JacksonException e) {
            return List.of("not one YAML document: " + e.getOriginalMessage());
        }
        return SCHEMA.violations(document == null || document.isMissingNode() ? NullNode.getInstance() : document);
    }

    private static Stream<Path> yamlFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }
}
