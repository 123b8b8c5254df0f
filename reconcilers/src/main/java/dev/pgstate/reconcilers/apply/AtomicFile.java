package dev.pgstate.reconcilers.apply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a reader (or a crash) sees either the old or the new bytes, never a mix: the new text
 * goes to a temp file in the same directory, is synced, given the old file's owner, group and mode, and renamed
 * over the old one; then the directory is synced. A temp file left by a crash is removed by the next replace.
 */
public final class AtomicFile {

    /** Between the temp file being complete and the rename; tests use it to play a crash at the worst moment. */
    @FunctionalInterface
    public interface BeforeRename {
        void ready(Path temp) throws IOException;
    }

    private static final String TEMP_MARK = ".pgstate-tmp-";

    private AtomicFile() {
    }

    public static void replace(Path file, byte[] content, BeforeRename beforeRename) throws IOException {
        Path target = file.toRealPath(); // a symlinked config file stays a symlink; its target is replaced
        removeLeftovers(target);
        PosixFileAttributes old = Files.readAttributes(target, PosixFileAttributes.class);
        Path temp = target.resolveSibling("." + target.getFileName() + TEMP_MARK + ProcessHandle.current().pid());
        try {
            // Readable by the owner only until the old file's mode is copied: pg_hba.conf may be private.
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
            PosixFileAttributes fresh = view.readAttributes();
            if (!fresh.owner().equals(old.owner())) {
                view.setOwner(old.owner());
            }
            if (!fresh.group().equals(old.group())) {
                view.setGroup(old.group());
            }
            view.setPermissions(old.permissions());
            beforeRename.ready(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Temp files of earlier replaces of {@code target} that never got renamed (the agent was killed). */
    private static void removeLeftovers(Path target) throws IOException {
        String prefix = "." + target.getFileName() + TEMP_MARK;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(target.getParent(), prefix + "*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }
}
