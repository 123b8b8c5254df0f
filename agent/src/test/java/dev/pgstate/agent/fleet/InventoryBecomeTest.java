package dev.pgstate.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.files.FileTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code become} in an inventory: a box's own, what it leaves out taken from the defaults', and its command line. */
class InventoryBecomeTest {

    @TempDir
    Path dir;

    @Test
    void aBoxTakesWhatItsBecomeLeavesOutFromTheDefaults() throws IOException {
        Inventory inventory = load("""
                defaults:
                  become: {user: pg}
                boxes:
                  - name: inherits
                    host: h1
                  - name: own
                    host: h2
                    become: {method: runuser}
                  - name: standard
                    host: h3
                    become: {}
                """);

        assertThat(inventory.box("inherits").orElseThrow().become()).contains(new Become(Become.Method.SUDO, "pg"));
        assertThat(inventory.box("own").orElseThrow().become()).contains(new Become(Become.Method.RUNUSER, "pg"));
        assertThat(inventory.box("standard").orElseThrow().become()).contains(new Become(Become.Method.SUDO, "pg"));
    }

    @Test
    void withoutBecomeTheLoginUserIsTheAgentsAndSudoAsPostgresIsTheStandard() throws IOException {
        Inventory inventory = load("""
                boxes:
                  - name: plain
                    host: h1
                  - name: standard
                    host: h2
                    become: {}
                """);

        assertThat(inventory.box("plain").orElseThrow().become()).isEqualTo(Optional.empty());
        assertThat(inventory.box("standard").orElseThrow().become())
                .contains(new Become(Become.Method.SUDO, "postgres"));
    }

    @Test
    void theCommandRunsInAShellAsTheUserWithoutEverPrompting() {
        assertThat(new Become(Become.Method.SUDO, "postgres").wrap("echo 'x'"))
                .isEqualTo("sudo -n -u 'postgres' -- sh -c 'echo '\\''x'\\'''");
        assertThat(new Become(Become.Method.RUNUSER, "postgres").wrap("true"))
                .isEqualTo("runuser -u 'postgres' -- sh -c 'true'");
    }

    private Inventory load(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("inventory.yaml"), yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return new InventoryLoader(FileTrust.ofThisProcess()).load(file);
    }
}
