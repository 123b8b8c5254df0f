package dev.pgstate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's postrm, run on a copy whose every absolute path points into a temporary directory, so that it
 * touches nothing of this machine: purge keeps the CA and says where; remove keeps the state directory.
 */
class MaintainerScriptTest {

    private static final Path POSTRM = Path.of("src/deb/control/postrm");

    @TempDir
    Path root;
    private Path state;
    private Path backups;
    private Path script;

    @BeforeEach
    void copyTheScriptIntoTheSandbox() throws IOException {
        state = root.resolve("var/lib/pgstate");
        backups = root.resolve("var/backups/pgstate");
        Map<String, Path> moved = Map.of("/var/lib/pgstate", state, "/var/backups/pgstate", backups,
                "/etc/systemd/system", root.resolve("etc/systemd/system"),
                "/run/systemd/system", root.resolve("run/no-systemd"));
        String text = Files.readString(POSTRM);
        assertThat(Pattern.compile("/(?:var|etc|run|usr|lib)/[\\w/.-]*").matcher(text).results().map(MatchResult::group))
                .as("every path of this machine the script names is moved into the sandbox")
                .allMatch(path -> moved.keySet().stream().anyMatch(path::startsWith));
        for (Map.Entry<String, Path> path : moved.entrySet()) {
            text = text.replace(path.getKey(), path.getValue().toString());
        }
        script = root.resolve("postrm");
        Files.writeString(script, text);
        Files.createDirectories(state.resolve("tls"));
        Files.writeString(state.resolve("last-cycle.json"), "{}");
    }

    @Test
    void purgeMovesTheCaAsideSaysWhereAndRemovesTheRest() throws Exception {
        Files.writeString(state.resolve("tls/ca.crt"), "CERTIFICATE");
        Files.writeString(state.resolve("tls/ca.key"), "KEY");
        Files.setPosixFilePermissions(state.resolve("tls/ca.key"), PosixFilePermissions.fromString("rw-------"));

        Commands purge = Commands.run("sh", script.toString(), "purge");

        assertThat(purge.exitCode()).as(purge.output()).isZero();
        assertThat(state).doesNotExist();
        List<Path> kept;
        try (Stream<Path> entries = Files.list(backups)) {
            kept = entries.toList();
        }
        assertThat(kept).hasSize(1);
        Path ca = kept.get(0);
        assertThat(ca.getFileName().toString()).matches("ca-\\d{8}T\\d{6}Z");
        assertThat(ca.resolve("ca.key")).hasContent("KEY");
        assertThat(ca.resolve("ca.crt")).hasContent("CERTIFICATE");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backups))).isEqualTo("rwx------");
        assertThat(purge.output()).isEqualTo("pgstate: the agent's CA (ca.crt, ca.key) is kept in " + ca
                + "; remove it once no certificate it issued is trusted any more\n");
    }

    @Test
    void purgeWithoutACaKeyKeepsNothing() throws Exception {
        Commands purge = Commands.run("sh", script.toString(), "purge");

        assertThat(purge.exitCode()).as(purge.output()).isZero();
        assertThat(purge.output()).isEmpty();
        assertThat(state).doesNotExist();
        assertThat(backups).doesNotExist();
    }

    @Test
    void removeKeepsTheStateDirectory() throws Exception {
        Files.writeString(state.resolve("tls/ca.key"), "KEY");

        Commands remove = Commands.run("sh", script.toString(), "remove");

        assertThat(remove.exitCode()).as(remove.output()).isZero();
        assertThat(state.resolve("tls/ca.key")).hasContent("KEY");
        assertThat(backups).doesNotExist();
    }
}
