package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.model.files.FileTrust;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces a file so that a reader (the server, on reload) or a crash sees either the old or the new bytes, never
 * a mix: the new text goes to a temp file in the same directory, is synced, given the owner, group and mode of
 * the file it replaces, and renamed over it; then the directory is synced so the rename survives a crash. The
 * server must keep owning its config files when the agent runs as root. A temp file left by a crash is removed by
 * the next write. The temp file is created exclusively, never through a symbolic link, in a directory nobody else
 * may rename entries of.
 */
public final class AtomicFile {

    /** Between the temp file being complete and the rename; tests use it to play a crash at the worst moment. */
    @FunctionalInterface
    public interface BeforeRename {
        /** Does nothing: the file is renamed into place as soon as it is complete. */
        BeforeRename NONE = temp -> { };

        void ready(Path temp) throws IOException;
    }

    private static final String TEMP_MARK = ".pgstate-tmp-";

    private AtomicFile() {
    }

    /**
     * @param file     the file to replace or create
     * @param content  its new bytes
     * @param likeFile where a new file takes owner, group and mode from (e.g. the main config file); an existing
     *                 {@code file} keeps its own
     */
    public static void write(Path file, byte[] content, Path likeFile) throws IOException {
        write(file, content, likeFile, BeforeRename.NONE);
    }

    /** Replaces an existing file, keeping its owner, group and mode. */
    public static void replace(Path file, byte[] content, BeforeRename beforeRename) throws IOException {
        write(file, content, file, beforeRename);
    }

    /** Replaces or creates a file with exactly this owner, group and mode (a TLS key must have its own). */
    public static void write(Path file, byte[] content, Ownership ownership, BeforeRename beforeRename)
            throws IOException {
        write(followed(file), content, (target, fresh) -> ownership, beforeRename);
    }

    /**
     * Replaces or creates one of the agent's own files (a report, its CA), owned by the agent with this mode. A
     * symbolic link in its place is replaced, never followed: the agent's files are its own.
     */
    public static void writeOwn(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        write(file.toAbsolutePath(), content,
                (target, fresh) -> new Ownership(fresh.owner(), fresh.group(), permissions), BeforeRename.NONE);
    }

    private static void write(Path file, byte[] content, Path likeFile, BeforeRename beforeRename) throws IOException {
        write(followed(file), content, (target, fresh) -> Ownership.of(Files.readAttributes(
                Files.exists(target) ? target : likeFile, PosixFileAttributes.class)), beforeRename);
    }

    /** A symlinked config file stays a symlink; its target is replaced. */
    private static Path followed(Path file) throws IOException {
        return Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
    }

    private static void write(Path target, byte[] content, OwnershipSource ownershipOf, BeforeRename beforeRename)
            throws IOException {
        Path directory = target.getParent();
        refuseHostile(target, FileTrust.othersMayReplaceEntries(directory));
        removeLeftovers(target);
        Path temp = target.resolveSibling("." + target.getFileName() + TEMP_MARK + ProcessHandle.current().pid());
        try {
            // Created anew and never through a link someone planted under that name; readable by the owner only
            // until the model's mode is copied: pg_hba.conf may be private.
            Files.deleteIfExists(temp);
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes fresh = view.readAttributes();
            Ownership model = ownershipOf.of(target, fresh);
            if (!fresh.owner().equals(model.owner())) {
                view.setOwner(model.owner()); // only root gets here: anyone else already created it as owner
            }
            if (!fresh.group().equals(model.group())) {
                view.setGroup(model.group());
            }
            view.setPermissions(model.permissions());
            refuseHostile(target, FileTrust.ofThisProcess().writeDirectoryProblem(directory,
                    (Integer) Files.getAttribute(temp, "unix:uid", LinkOption.NOFOLLOW_LINKS)));
            beforeRename.ready(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(directory);
    }

    private static void refuseHostile(Path target, Optional<String> hostile) throws IOException {
        if (hostile.isPresent()) {
            throw new IOException("refusing to write " + target + ": " + hostile.get());
        }
    }

    /** Who owns a file and its permissions, as the file will have them after the rename. */
    public record Ownership(UserPrincipal owner, GroupPrincipal group, Set<PosixFilePermission> permissions) {

        public Ownership {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(group, "group");
            permissions = Set.copyOf(permissions);
        }

        public static Ownership of(PosixFileAttributes attributes) {
            return new Ownership(attributes.owner(), attributes.group(), attributes.permissions());
        }
    }

    /** The owner, group and mode the new file takes, given the file it replaces and the fresh temp file. */
    @FunctionalInterface
    private interface OwnershipSource {
        Ownership of(Path target, PosixFileAttributes fresh) throws IOException;
    }

    /** Removes {@code file} if it exists, durably. */
    public static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Temp files of earlier writes of {@code target} that never got renamed (the agent was killed). */
    private static void removeLeftovers(Path target) throws IOException {
        String prefix = "." + target.getFileName() + TEMP_MARK;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(target.getParent(), prefix + "*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
