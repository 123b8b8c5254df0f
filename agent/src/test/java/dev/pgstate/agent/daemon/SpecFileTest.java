package dev.pgstate.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    @Test
    void anUnchangedFileIsParsedOnceAndAnEditIsSeenEvenWithTheSameSizeAndTime(@TempDir Path dir)
            throws IOException, NoSuchAlgorithmException {
        Path file = Files.writeString(dir.resolve("spec.yaml"), "roles:\n  - name: admin\n");
        FileTime written = Files.getLastModifiedTime(file);
        SpecFile spec = new SpecFile(file, Specs.load(file));

        SpecFile.Loaded first = spec.load();
        SpecFile.Loaded second = spec.load();

        assertThat(spec.parses()).as("the second cycle reuses the first one's parse").isEqualTo(1);
        assertThat(second.inForce()).isSameAs(first.inForce());
        assertThat(second.sha256()).isEqualTo(first.sha256())
                .hasValue(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));

        // an edit in place that keeps the size, with the old time put back: only the bytes tell
        Files.writeString(file, "roles:\n  - name: idbox\n");
        Files.setLastModifiedTime(file, written);
        SpecFile.Loaded edited = spec.load();

        assertThat(spec.parses()).isEqualTo(2);
        assertThat(edited.problem()).isEmpty();
        assertThat(edited.inForce().roles()).extracting(RoleSpec::name).containsExactly("idbox");
        assertThat(edited.sha256()).isNotEqualTo(first.sha256());
    }

    @Test
    void theFilesModeIsCheckedEveryCycleThoughItsBytesWereParsedBefore(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("spec.yaml"), "roles:\n  - name: admin\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SpecFile spec = new SpecFile(file, Specs.load(file));
        SpecFile.Loaded good = spec.load();
        assertThat(good.problem()).isEmpty();

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        SpecFile.Loaded loaded = spec.load();

        assertThat(loaded.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("refused: ")
                .contains("is writable by group or others (mode 0666)"));
        assertThat(loaded.inForce()).isSameAs(good.inForce());
    }
}
