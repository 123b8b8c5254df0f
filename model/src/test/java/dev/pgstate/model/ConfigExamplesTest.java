package dev.pgstate.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The examples users copy from must stay valid as the spec evolves. */
class ConfigExamplesTest {

    /** Relative to the module directory, where Maven runs the tests. */
    private static final Path EXAMPLES = Path.of("../config-examples");

    @Test
    void everyExampleLoadsAndValidates() throws IOException {
        assertThat(EXAMPLES).as("the config-examples directory next to the modules").isDirectory();
        List<Path> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).as("*.yaml files in %s", EXAMPLES.toAbsolutePath().normalize()).isNotEmpty();

        assertThat(examples).allSatisfy(example -> assertThat(Specs.load(example)).isNotNull());
    }
}
