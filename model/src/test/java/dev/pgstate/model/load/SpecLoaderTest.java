package dev.pgstate.model.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the fixtures do not show: loading alone does not validate, and the error types. */
class SpecLoaderTest {

    @Test
    void loadingDoesNotValidate() {
        assertThat(SpecLoader.load("s.yaml", "roles:\n  - name: pg_x\n").roles()).hasSize(1);
    }

    @Test
    void sourceMapPointsAtKeysAndFallsBackToTheEnclosingField() {
        SourceMap source = SpecLoader.read("s.yaml", "roles:\n  - name: a\n    member_of: [b]\n").source();

        assertThat(source.problemAt("roles[0].member_of", "m").format()).isEqualTo("s.yaml:3:5: roles[0].member_of: m");
        assertThat(source.problemAt("roles[0].member_of[0].role", "m").format())
                .isEqualTo("s.yaml:3:17: roles[0].member_of[0].role: m");
        assertThat(source.problemAt("", "m").format()).isEqualTo("s.yaml:1:1: m");
    }

    /** SnakeYAML's own limit is 3 MB, which a fleet's spec passes (the benchmark's 10,000 roles did). */
    @Test
    void aSpecOfSeveralMegabytesLoadsAndItsProblemsStillHaveLines() {
        StringBuilder yaml = new StringBuilder();
        String padding = "#" + "x".repeat(99) + "\n";
        while (yaml.length() < 5 * 1024 * 1024) {
            yaml.append(padding);
        }
        int line = yaml.length() / padding.length() + 2;
        yaml.append("roles:\n  - name: app\n    login: maybe\n");

        assertThatThrownBy(() -> SpecLoader.load("big.yaml", yaml.toString()))
                .hasMessageContaining("big.yaml:" + (line + 1) + ":").hasMessageContaining("login");
        assertThat(SpecLoader.load("big.yaml", yaml.toString().replace("maybe", "true")).roles()).hasSize(1);
    }

    @Test
    void aMissingFileIsNotAnInvalidSpec() {
        assertThatThrownBy(() -> SpecLoader.load(Path.of("does-not-exist.yaml")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot read does-not-exist.yaml");
    }

    @Test
    void didYouMeanOnlySuggestsCloseWords() {
        assertThat(DidYouMean.closest("lgoin", java.util.List.of("login", "inherit"))).contains("login");
        assertThat(DidYouMean.closest("password", java.util.List.of("login", "inherit"))).isEmpty();
    }
}
