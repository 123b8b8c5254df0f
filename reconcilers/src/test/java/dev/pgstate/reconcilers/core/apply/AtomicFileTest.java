package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing files on a real file system: owner and mode kept, and never where someone else could swap the file. */
class AtomicFileTest {

    /** nobody: as root the tests hand directories to this user; it need not exist for a chown by number. */
    private static final int NOBODY = 65534;
    private static final boolean ROOT = new UnixSystem().getUid() == 0;

    @TempDir
    Path tmp;
    private Path dir;
    private Path file;

    /** A config directory 0755 holding a file 0640, as the server's own are. */
    @BeforeEach
    void files() throws IOException {
        dir = tmp.resolve("conf");
        file = dir.resolve("postgresql.conf");
        Files.createDirectory(dir);
        Files.setAttribute(dir, "unix:mode", 0755);
        Files.write(file, bytes("port = 5432\n"));
        Files.setAttribute(file, "unix:mode", 0640);
    }

    @Test
    void aReplacedFileKeepsItsOwnerGroupAndMode() throws IOException {
        PosixFileAttributes before = Files.readAttributes(file, PosixFileAttributes.class);

        AtomicFile.replace(file, bytes("port = 5433\n"), AtomicFile.BeforeRename.NONE);

        PosixFileAttributes after = Files.readAttributes(file, PosixFileAttributes.class);
        assertThat(Files.readString(file)).isEqualTo("port = 5433\n");
        assertThat(List.of(after.owner(), after.group(), after.permissions()))
                .isEqualTo(List.of(before.owner(), before.group(), before.permissions()));
    }

    /**
     * The directory belongs to another user (not the agent's, not root, not the file's owner), whose mode alone
     * looks safe: its owner could rename the agent's file away or plant a link the agent writes through, so the
     * write is refused and the file left as it was. Only root can give a directory away and keep writing in it.
     */
    @Test
    void aFileInADirectoryOfAnotherUserIsNotReplaced() throws IOException {
        assumeTrue(ROOT, "needs root to give a directory away");
        Files.setAttribute(dir, "unix:uid", NOBODY);

        assertThatThrownBy(() -> AtomicFile.replace(file, bytes("port = 5433\n"), AtomicFile.BeforeRename.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("refusing to write " + file.toRealPath() + ": " + dir.toRealPath() + " belongs to ")
                .hasMessageContaining("(uid " + NOBODY + "), not to the agent's user (uid 0), the file's owner (uid 0)"
                        + " or root, so its owner could replace what it holds");
        assertThat(Files.readString(file)).isEqualTo("port = 5432\n");
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file); // no temp file left behind
        }
    }

    /**
     * Whoever may write in a directory above could move the config directory aside for one of their own between the
     * agent's look and its rename, which then writes where they chose: refused, the file left as it was.
     */
    @Test
    void aFileUnderADirectoryOthersMayWriteInIsNotReplaced() throws IOException {
        Files.setAttribute(tmp, "unix:mode", 0777);

        assertThatThrownBy(() -> AtomicFile.replace(file, bytes("port = 5433\n"), AtomicFile.BeforeRename.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("refusing to write " + file.toRealPath() + ": " + tmp.toRealPath() + ", a directory above "
                        + dir.toRealPath() + ", is writable by group or others (mode 0777) without the sticky bit, so "
                        + "they could replace what it holds: chmod go-w " + tmp.toRealPath());
        assertThat(Files.readString(file)).isEqualTo("port = 5432\n");
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file); // no temp file left behind
        }
    }

    /** The server's file in the server's directory: the file's owner could change it anyway. */
    @Test
    void aFileInADirectoryOfItsOwnOwnerIsReplaced() throws IOException {
        assumeTrue(ROOT, "needs root to give a file and its directory away");
        Files.setAttribute(dir, "unix:uid", NOBODY);
        Files.setAttribute(file, "unix:uid", NOBODY);

        AtomicFile.replace(file, bytes("port = 5433\n"), AtomicFile.BeforeRename.NONE);

        assertThat(Files.readString(file)).isEqualTo("port = 5433\n");
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(NOBODY);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
