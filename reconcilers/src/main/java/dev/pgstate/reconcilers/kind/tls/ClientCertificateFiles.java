package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.apply.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.security.cert.X509Certificate;

/**
 * A client's certificate, key and CA root as files: {@code USER.crt}, the key twice ({@code USER.key} PEM for
 * libpq, {@code USER.pk8} PKCS#8 DER for pgjdbc), both 0600 since libpq and pgjdbc refuse keys others can read,
 * and {@code root.crt} to verify the server with.
 */
public record ClientCertificateFiles(Path certificate, Path pemKey, Path pkcs8Key, Path root) {

    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    public static ClientCertificateFiles write(Path directory, String user, KeyAndCertificate client,
                                               X509Certificate root) throws IOException {
        Files.createDirectories(directory);
        ClientCertificateFiles files = new ClientCertificateFiles(directory.resolve(user + ".crt"),
                directory.resolve(user + ".key"), directory.resolve(user + ".pk8"), directory.resolve("root.crt"));
        // each created anew (0600 before the first byte for the keys), never through a link in its place
        AtomicFile.writeOwn(files.certificate, client.certificatePem().getBytes(StandardCharsets.UTF_8), PUBLIC);
        AtomicFile.writeOwn(files.pemKey, client.keyPem().getBytes(StandardCharsets.UTF_8), PRIVATE);
        AtomicFile.writeOwn(files.pkcs8Key, client.keyPkcs8Der(), PRIVATE);
        AtomicFile.writeOwn(files.root, Pem.write(root).getBytes(StandardCharsets.UTF_8), PUBLIC);
        return files;
    }
}
