package dev.pgstate.reconcilers.lint;

import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.reconcilers.kind.tls.CaStore;
import dev.pgstate.reconcilers.kind.tls.KeyFilePermissions;
import dev.pgstate.reconcilers.kind.tls.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The TLS files on the server's box: the certificate the server hands out (expired, or inside the renewal window),
 * its key against PostgreSQL's own mode rule, and the agent's CA key, which must be its owner's alone.
 */
final class LiveTlsFiles {

    private static final Set<PosixFilePermission> OTHERS_ANY = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The renewal window and state directory a spec without a tls section would have. */
    private static final TlsSpec DEFAULTS = TlsSpec.builder().build();

    private LiveTlsFiles() {
    }

    /**
     * @param dataDirectory the server's, which relative file names are resolved against and whose owner is the
     *                      server's OS user
     * @param tls           the spec's tls section, for its renewal window and state directory; null when unmanaged
     */
    static void check(Path dataDirectory, boolean sslOn, String certFile, String keyFile, TlsSpec tls, Instant now,
                      List<Finding> out) {
        try {
            if (sslOn && !certFile.isEmpty()) {
                expiry(dataDirectory.resolve(certFile), (tls == null ? DEFAULTS : tls).renewBeforeDays(), now, out);
            }
            Path key = dataDirectory.resolve(keyFile);
            if (!keyFile.isEmpty() && Files.exists(key)) {
                KeyFilePermissions.problem(key, Files.getOwner(dataDirectory).getName()).ifPresent(problem ->
                        out.add(new Finding(Rule.TLS_KEY_MODE, Location.inFile(key, 0), problem)));
            }
            Path caKey = new CaStore(Path.of((tls == null ? DEFAULTS : tls).stateDirectory())).keyFile();
            if (Files.exists(caKey) && Files.getPosixFilePermissions(caKey).stream().anyMatch(OTHERS_ANY::contains)) {
                out.add(new Finding(Rule.TLS_CA_KEY_MODE, Location.inFile(caKey, 0), "the CA key " + caKey
                        + " has mode " + java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(caKey)) + ": group or others may use it"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server's TLS files: " + e.getMessage(), e);
        }
    }

    private static void expiry(Path certificate, int renewDays, Instant now, List<Finding> out) throws IOException {
        if (!Files.exists(certificate)) {
            return;
        }
        Optional<X509Certificate> served = Pem.certificates(Files.readString(certificate, StandardCharsets.UTF_8))
                .stream().findFirst();
        if (served.isEmpty()) {
            return;
        }
        Instant notAfter = served.get().getNotAfter().toInstant();
        if (notAfter.isBefore(now)) {
            out.add(new Finding(Rule.TLS_CERTIFICATE_EXPIRY, Location.inFile(certificate, 0),
                    "the server certificate expired at " + notAfter));
        } else if (notAfter.isBefore(now.plus(Duration.ofDays(renewDays)))) {
            out.add(new Finding(Rule.TLS_CERTIFICATE_EXPIRY, Location.inFile(certificate, 0), "the server certificate "
                    + "expires at " + notAfter + ", within the " + renewDays + "-day renewal window"));
        }
    }
}
