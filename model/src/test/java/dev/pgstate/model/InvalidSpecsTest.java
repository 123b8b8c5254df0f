package dev.pgstate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.load.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture under specs/invalid/ opens with one {@code # expect: } line per problem, in file
 * order, and must fail with exactly those lines as its message. Field paths are 0-based.
 */
class InvalidSpecsTest {

    static final Path INVALID = Path.of("src/test/resources/specs/invalid");
    private static final String EXPECT = "# expect: ";

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(INVALID)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void failsWithExactlyTheExpectedMessage(Path fixture) throws IOException {
        String text = Files.readString(fixture);
        List<String> expected = text.lines().filter(line -> line.startsWith(EXPECT))
                .map(line -> line.substring(EXPECT.length())).toList();
        assertThat(expected).as("%s has no '%s' lines", fixture, EXPECT).isNotEmpty();

        assertThatThrownBy(() -> Specs.load(fixture.getFileName().toString(), text))
                .isInstanceOf(SpecException.class)
                .hasMessage(String.join("\n", expected))
                .satisfies(e -> assertThat(((SpecException) e).problems()).hasSize(expected.size()));
    }

    @Test
    void problemsFromAFileNameThePathAsGiven() {
        Path fixture = INVALID.resolve("wrong-type-int.yaml");

        assertThatThrownBy(() -> Specs.load(fixture))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith(fixture + ":5:5: roles[1].connection_limit: ");
    }
}
