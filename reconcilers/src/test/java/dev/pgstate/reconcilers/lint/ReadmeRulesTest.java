package dev.pgstate.reconcilers.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The README's rules table is the rule set: one row per rule, with its id, severity, why and fix as the code has them. */
class ReadmeRulesTest {

    @Test
    void everyRuleHasItsRowInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));

        assertThat(Arrays.stream(Rule.values()).map(rule -> "| `" + rule.id() + "` | " + rule.severity().word() + " | "
                + (rule.live() ? "audit" : "lint, audit") + " | " + rule.why() + " | " + rule.fix() + " |\n"))
                .allSatisfy(row -> assertThat(readme).contains(row));
    }
}
