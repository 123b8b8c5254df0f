package dev.pgstate.reconcilers.apply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Replaces a file so that a reader (the server, on reload) sees either the old or the new content, never half of
 * each: a temporary file in the same directory, written and fsynced, given the owner, group and mode of the file it
 * replaces, then renamed over it, and the directory fsynced so the rename survives a crash. The server must keep
 * owning its config files when the agent runs as root.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /**
     * @param file      the file to replace or create
     * @param content   its new bytes
     * @param likeFile  where a new file takes owner, group and mode from (e.g. the main config file); an existing
     *                  {@code file} keeps its own
     */
    public static void write(Path file, byte[] content, Path likeFile) throws IOException {
        Path model = Files.exists(file) ? file : likeFile;
        PosixFileAttributes attributes = Files.readAttributes(model, PosixFileAttributes.class);
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".pgstate-tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.setPermissions(attributes.permissions());
            if (!view.readAttributes().owner().equals(attributes.owner())
                    || !view.readAttributes().group().equals(attributes.group())) {
                view.setOwner(attributes.owner()); // only root gets here: anyone else already created it as owner
                view.setGroup(attributes.group());
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(file.toAbsolutePath().getParent());
    }

    /** Removes {@code file} if it exists, durably. */
    public static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
