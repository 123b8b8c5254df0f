package dev.pgstate.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFileTest {

    @Test
    void aSpecEditedToBeWritableByOthersIsRefusedAndTheLastGoodOneStays(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("spec.yaml"), "roles:\n  - name: admin\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Spec lastGood = Specs.load(file);
        SpecFile spec = new SpecFile(file, lastGood);

        // what another user would do next: add a restart_command and a setting that needs a restart
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(file, "roles:\n  - name: admin\n  - name: intruder\n"
                + "server:\n  restart_command: touch /tmp/owned\n  settings:\n    shared_buffers: 256MB\n");
        SpecFile.Loaded loaded = spec.load();

        Path real = file.toRealPath();
        assertThat(loaded.problem()).hasValueSatisfying(problem -> assertThat(problem).isEqualTo(file
                + ":1:1: refused: " + file + " is writable by group or others (mode 0666); the agent obeys only files"
                + " nobody but their owner can change: chmod go-w " + real));
        assertThat(loaded.inForce()).isSameAs(lastGood);
    }
}
