package dev.pgstate.reconcilers.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The setup guides' final configurations lint clean: no error, and only the warnings a guide knowingly accepts
 * (the Identity Box admits its LAN with {@code hostssl all all samenet}). Every example must be listed here.
 */
class ConfigExamplesLintTest {

    private static final Path EXAMPLES = Path.of("../config-examples");

    /** The warnings each example keeps on purpose; an example not listed fails the test. */
    private static final Map<String, List<String>> ACCEPTED_WARNINGS = Map.of(
            "identity-box.yaml", List.of("hba-broad-address"),
            "remote-access.yaml", List.of(),
            "tls-verify-full.yaml", List.of(),
            "hardening.yaml", List.of(),
            "mutual-tls.yaml", List.of());

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void lintsCleanBeyondTheWarningsItsGuideAccepts(Path example) {
        String name = example.getFileName().toString();
        assertThat(ACCEPTED_WARNINGS).as("the warnings %s accepts", name).containsKey(name);

        LintReport report = Linter.lint(Specs.read(example), Instant.now());

        assertThat(report.active(Severity.ERROR)).as("errors in %s", name).isEmpty();
        assertThat(report.active(Severity.WARNING).stream().map(f -> f.rule().id()).toList())
                .as("warnings in %s", name).isEqualTo(ACCEPTED_WARNINGS.get(name));
    }
}
