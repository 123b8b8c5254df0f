package dev.pgstate.model.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void deepNestingIsAProblemWithItsLineNotACrash() {
        for (int depth : new int[] {30, 1_100, 2_000, 20_000}) {
            String block = "roles:\n  - name: a\n    member_of:\n" + "      - ".repeat(1) + "[".repeat(depth)
                    + "]".repeat(depth) + "\n";
            assertThatThrownBy(() -> SpecLoader.load("deep.yaml", block)).as("depth %d", depth)
                    .isInstanceOf(SpecException.class)
                    .hasMessageStartingWith("deep.yaml:4:")
                    .hasMessageContaining("nested deeper than " + SpecLoader.MAX_DEPTH + " levels");
        }
        StringBuilder mappings = new StringBuilder("roles:\n");
        for (int depth = 1; depth <= 1_500; depth++) {
            mappings.append("  ".repeat(depth)).append("a:\n");
        }
        assertThatThrownBy(() -> SpecLoader.load("deep.yaml", mappings.toString())).isInstanceOf(SpecException.class)
                .hasMessageContaining("nested deeper than " + SpecLoader.MAX_DEPTH + " levels");
    }

    @Test
    void aValueLongerThanTheLimitIsAProblemNamingItsField() {
        String yaml = "roles:\n  - name: app\n    valid_until: \"" + "9".repeat(SpecLoader.MAX_VALUE_CHARACTERS + 1) + "\"\n";

        assertThatThrownBy(() -> SpecLoader.load("long.yaml", yaml)).isInstanceOf(SpecException.class)
                .hasMessage("long.yaml:3:5: roles[0].valid_until: a value longer than "
                        + SpecLoader.MAX_VALUE_CHARACTERS + " characters");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        long limit = SpecLoader.MAX_SPEC_MEGABYTES * 1024L * 1024;
        Path big = dir.resolve("big.yaml");
        try (var file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(limit + 1); // sparse: it is refused by its size, never read
        }
        String message = ":1:1: the file is larger than " + SpecLoader.MAX_SPEC_MEGABYTES + " MB, the most the agent "
                + "reads (a sixteenth of its heap, -Xmx in JAVA_OPTS, and at most 64 MB)";

        assertThatThrownBy(() -> SpecLoader.load(big)).isInstanceOf(SpecException.class).hasMessage(big + message);
        String text = "#" + "x".repeat((int) limit) + "\n";
        assertThatThrownBy(() -> SpecLoader.load("big.yaml", text)).isInstanceOf(SpecException.class)
                .hasMessage("big.yaml" + message);
    }

    /**
     * YAML 1.1 reads NEL, LS and PS as line breaks that editors do not show: a NEL in a name was folded into a space
     * (role "x y", not the name written), and after one a comment's remaining text was read as YAML. Written bare,
     * each is refused where it stands; as escapes in double quotes ({@code \N}, {@code \L}, {@code \P}) they
     * are the characters themselves, for validation to judge.
     */
    @Test
    void unicodeLineBreaksWrittenBareAreRefusedWithTheirPlace() {
        for (String bare : new String[] {"\u0085", "\u2028", "\u2029"}) {
            String yaml = "roles:\n  - name: x" + bare + "y\n";
            String code = String.format("U+%04X", (int) bare.charAt(0));

            assertThatThrownBy(() -> SpecLoader.load("breaks.yaml", yaml)).isInstanceOf(SpecException.class)
                    .hasMessage("breaks.yaml:2:12: a bare " + code + ", which YAML reads as a line break; write it as"
                            + " an escape in double quotes if it is meant");
        }
        assertThatThrownBy(() -> SpecLoader.load("comment.yaml", "roles: []\n# a note\u2028databases: [{name: x}]\n"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("comment.yaml:2:9: a bare U+2028");
        assertThat(SpecLoader.load("escaped.yaml", "roles:\n  - name: \"x\\Ly\"\n").roles().get(0).name())
                .isEqualTo("x\u2028y");
    }

    /** Jackson would read an alias as the anchor's name, a string nobody wrote: a role "*admins" is not "admins". */
    @Test
    void aliasesAreRefused() {
        String yaml = "roles:\n  - &base\n    name: a\n  - *base\n";

        assertThatThrownBy(() -> SpecLoader.load("alias.yaml", yaml)).isInstanceOf(SpecException.class)
                .hasMessage("alias.yaml:4:5: roles[1]: YAML aliases (*base) are not supported; write the value out");
    }

    /** Found by SpecFuzzIT: a document that is only a null bound to no spec at all, and validate exited 1. */
    @Test
    void aDocumentThatIsOnlyNullIsAnEmptySpec() {
        for (String yaml : new String[] {"--- null\n", "~\n", "null\n", "---\n"}) {
            assertThatThrownBy(() -> SpecLoader.load("n.yaml", yaml)).as(yaml).isInstanceOf(SpecException.class)
                    .hasMessage("n.yaml:1:1: the file is empty; expected a mapping with connection, roles and databases");
        }
    }

    /** Found by SpecFuzzIT: Jackson's own parse errors (an unmatched bracket) crashed the scan with exit 1. */
    @Test
    void anUnmatchedBracketIsASyntaxError() {
        assertThatThrownBy(() -> SpecLoader.load("b.yaml", "[rrrr]rrrr:\n")).isInstanceOf(SpecException.class)
                .hasMessage("b.yaml:1:2: YAML syntax error: a key must be a plain value, not a list or a mapping");
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
