package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory's changes: committed in order, and rolled back to exactly what the commit found. */
class CaChangesTest {

    @Test
    void aRollBackPutsEveryEntryBackAsTheCommitFoundIt(@TempDir Path state) throws Exception {
        Path tls = privateDirectory(state.resolve("tls"));
        privateDirectory(tls.resolve("retiring"));
        Path key = Files.writeString(tls.resolve("ca.key"), "old key\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path crl = Files.writeString(tls.resolve("ca.crl"), "old crl\n");
        Path retiring = tls.resolve("retiring");
        Path aside = tls.resolve("retired-1");
        CaChanges changes = new CaChanges(List.of(
                new CaChanges.MoveAside(retiring, aside),
                new CaChanges.Write(key, bytes("new key\n"), PosixFilePermissions.fromString("rw-------")),
                new CaChanges.Delete(crl),
                new CaChanges.Write(tls.resolve("new/ca.crt"), bytes("new root\n"),
                        PosixFilePermissions.fromString("rw-r--r--"))));

        CaChanges.Committed committed = changes.commit();

        assertThat(Files.readString(key)).isEqualTo("new key\n");
        assertThat(crl).doesNotExist();
        assertThat(aside).isDirectory();
        assertThat(Files.readString(tls.resolve("new/ca.crt"))).isEqualTo("new root\n");

        committed.rollBack();

        assertThat(Files.readString(key)).isEqualTo("old key\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(crl)).isEqualTo("old crl\n");
        assertThat(retiring).isDirectory();
        assertThat(aside).doesNotExist();
        assertThat(tls.resolve("new")).doesNotExist();
    }

    @Test
    void aStepThatFailsUndoesTheOnesBeforeIt(@TempDir Path state) throws Exception {
        Path key = Files.writeString(privateDirectory(state.resolve("tls")).resolve("ca.key"), "old key\n");
        CaChanges changes = new CaChanges(List.of(
                new CaChanges.Write(key, bytes("new key\n"), PosixFilePermissions.fromString("rw-------")),
                new CaChanges.MoveAside(state.resolve("tls/retiring"), state.resolve("tls/retired-1"))));

        assertThatThrownBy(changes::commit).isInstanceOf(IOException.class);

        assertThat(Files.readString(key)).isEqualTo("old key\n");
    }

    private static Path privateDirectory(Path directory) throws IOException {
        return Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
