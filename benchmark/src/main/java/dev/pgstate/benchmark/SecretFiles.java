package dev.pgstate.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** One random password file per login role, private to its owner (mode 0600) as the agent requires. */
final class SecretFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /** Writes {@code dir/userNNNNN} for the first {@code size} login roles, keeping files already there. */
    static Path write(Path dir, int size) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        for (int i = 0; i < size; i++) {
            Path file = dir.resolve(SpecGenerator.user(i));
            if (!Files.exists(file)) {
                byte[] secret = new byte[18];
                RANDOM.nextBytes(secret);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n");
            }
        }
        return dir;
    }
}
