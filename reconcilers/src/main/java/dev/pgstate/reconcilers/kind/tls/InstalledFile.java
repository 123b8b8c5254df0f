package dev.pgstate.reconcilers.kind.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;

/** A TLS file as found on the box: its text, owner, group and octal mode. */
public record InstalledFile(Path path, String content, String owner, String group, String mode) {

    /** The file at {@code path}, or empty when there is none. */
    public static Optional<InstalledFile> read(Path path) throws IOException {
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new InstalledFile(path, Files.readString(path, StandardCharsets.UTF_8),
                    attributes.owner().getName(), attributes.group().getName(), Modes.octal(attributes.permissions())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "InstalledFile[" + path + ", owner " + owner + ", group " + group + ", mode " + mode + "]";
    }
}
