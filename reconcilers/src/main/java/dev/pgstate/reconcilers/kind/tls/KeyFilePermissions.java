package dev.pgstate.reconcilers.kind.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL's rule for its private key file (be-secure-common.c): mode 0600 or less when the server's user owns
 * it, 0640 or less when root owns it. A key breaking it makes a reload keep the old TLS context and a start fail.
 */
public final class KeyFilePermissions {

    private static final Set<PosixFilePermission> GROUP_OR_WORLD = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> ROOT_FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFilePermissions() {
    }

    /** Why the server would refuse {@code keyFile}, or empty when it would accept it. */
    public static Optional<String> problem(Path keyFile, String serverUser) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(keyFile, PosixFileAttributes.class);
        String owner = attributes.owner().getName();
        Set<PosixFilePermission> permissions = attributes.permissions();
        String mode = PosixFilePermissions.toString(permissions);
        if (owner.equals("root")) {
            return permissions.stream().anyMatch(ROOT_FORBIDDEN::contains)
                    ? Optional.of("private key file " + keyFile + " has mode " + mode
                    + " and is owned by root: the server requires 0640 (rw-r-----) or less")
                    : Optional.empty();
        }
        if (!owner.equals(serverUser)) {
            return Optional.of("private key file " + keyFile + " is owned by " + owner
                    + ": the server requires its own user (" + serverUser + ") or root");
        }
        return permissions.stream().anyMatch(GROUP_OR_WORLD::contains)
                ? Optional.of("private key file " + keyFile + " has mode " + mode
                + ", group or world access: the server requires 0600 (rw-------) or less")
                : Optional.empty();
    }
}
