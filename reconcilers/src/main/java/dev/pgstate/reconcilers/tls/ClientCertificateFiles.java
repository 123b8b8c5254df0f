package dev.pgstate.reconcilers.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;

/**
 * A client's certificate, key and CA root as files: {@code USER.crt}, the key twice ({@code USER.key} PEM for
 * libpq, {@code USER.pk8} PKCS#8 DER for pgjdbc), both 0600 since libpq and pgjdbc refuse keys others can read,
 * and {@code root.crt} to verify the server with.
 */
public record ClientCertificateFiles(Path certificate, Path pemKey, Path pkcs8Key, Path root) {

    public static ClientCertificateFiles write(Path directory, String user, KeyAndCertificate client,
                                               X509Certificate root) throws IOException {
        Files.createDirectories(directory);
        ClientCertificateFiles files = new ClientCertificateFiles(directory.resolve(user + ".crt"),
                directory.resolve(user + ".key"), directory.resolve(user + ".pk8"), directory.resolve("root.crt"));
        Files.writeString(files.certificate, client.certificatePem(), StandardCharsets.UTF_8);
        writePrivate(files.pemKey, client.keyPem().getBytes(StandardCharsets.UTF_8));
        writePrivate(files.pkcs8Key, client.keyPkcs8Der());
        Files.writeString(files.root, Pem.write(root), StandardCharsets.UTF_8);
        return files;
    }

    /** Created 0600 before the first byte, so the key is never readable by others, even for a moment. */
    private static void writePrivate(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
