package dev.pgstate.model.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK's attributes object, opened to the agent, reads every kind of file as the public "unix:" view does. */
class LstatTest {

    @TempDir
    Path dir;

    @Test
    void theTestsJvmReadsTheJdksAttributesObject() {
        assertThat(Lstat.JDK_ATTRIBUTES).as("run with --add-opens java.base/sun.nio.fs=ALL-UNNAMED").isTrue();
    }

    @Test
    void everyKindOfFileReadsAsThePublicViewReadsIt() throws IOException, InterruptedException {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path link = Files.createSymbolicLink(dir.resolve("link"), secret);
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        for (Path path : List.of(secret, sticky, link, fifo, dir, Path.of("/"), Path.of("/dev/null"))) {
            assertThat(Lstat.of(path)).as(path.toString()).isEqualTo(Lstat.fromUnixView(path));
        }
        Lstat ofLink = Lstat.of(link);
        assertThat(ofLink.inode()).as("the link itself, not followed").isNotEqualTo(Lstat.of(secret).inode());
        assertThat(Lstat.of(sticky).mode() & 07777).isEqualTo(01777);
        assertThat(Lstat.of(secret).size()).isEqualTo(7);
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThat(catchThrowable(() -> Lstat.of(dir.resolve("gone")))).isInstanceOf(NoSuchFileException.class);
    }
}
