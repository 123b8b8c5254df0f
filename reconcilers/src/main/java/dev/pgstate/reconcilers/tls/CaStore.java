package dev.pgstate.reconcilers.tls;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.apply.AtomicFile;
import dev.pgstate.model.spec.TlsCaSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the agent's CA lives: created once under {@code <state directory>/tls/} (the key 0600, the directory
 * 0700) and read from there afterwards, or adopted from a certificate and key kept elsewhere on the box.
 */
public final class CaStore {

    private final Path directory;

    public CaStore(Path stateDirectory) {
        this.directory = stateDirectory.resolve("tls");
    }

    public Path certificateFile() {
        return directory.resolve("ca.crt");
    }

    public Path keyFile() {
        return directory.resolve("ca.key");
    }

    /** Where a copy of every client certificate issued from the agent's CA is kept, named by its serial. */
    public Path issuedDirectory() {
        return directory.resolve("issued");
    }

    /** The file holding the spec's CA certificate: the created one's, or the adopted one's. */
    public Path certificateFile(TlsCaSpec spec) {
        return spec.adopt() != null ? Path.of(spec.adopt().cert()) : certificateFile();
    }

    /**
     * The spec's CA. A CA still to be created is made in memory; {@code persist} keeps it, which only apply may
     * do: a plan changes nothing, so two plans before the first apply show two different CAs.
     */
    public CertificateAuthority open(TlsCaSpec spec, boolean persist, Instant now) {
        if (spec.adopt() != null || Files.exists(keyFile())) {
            return existing(spec);
        }
        CertificateAuthority created = CertificateAuthority.create(spec.commonName(),
                Validity.days(now, spec.validForDays()));
        if (persist) {
            save(created);
        }
        return created;
    }

    /** The spec's CA as it is on the box: the adopted one, or the one apply created; never a new one. */
    public CertificateAuthority existing(TlsCaSpec spec) {
        return spec.adopt() != null ? read(Path.of(spec.adopt().cert()), Path.of(spec.adopt().key())) : read();
    }

    /** The CA created earlier by apply; for commands that issue from it outside a spec. */
    public CertificateAuthority read() {
        if (!Files.exists(keyFile())) {
            throw new TlsMaterialException("no CA in " + directory + ": apply a spec with tls.ca.create: true first");
        }
        return read(certificateFile(), keyFile());
    }

    /**
     * Keeps a copy of a client certificate just issued (the certificate only, never its key), so the expiry metric
     * and revocation know it.
     */
    public Path recordIssued(X509Certificate certificate) throws IOException {
        FileTrust.ofThisProcess().ensurePrivateDirectory(directory);
        FileTrust.ofThisProcess().ensurePrivateDirectory(issuedDirectory());
        Path file = issuedDirectory().resolve(certificate.getSerialNumber().toString(16).toUpperCase() + ".crt");
        AtomicFile.writeOwn(file, Pem.write(certificate).getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /** The client certificates recorded as issued, each with its file; empty when none were. */
    public List<KnownCertificate> issued() throws IOException {
        if (!Files.isDirectory(issuedDirectory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(issuedDirectory())) {
            List<KnownCertificate> known = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".crt")).sorted().toList()) {
                known.add(KnownCertificate.of(file, Pem.certificates(MaterialFile.read(file)).get(0)));
            }
            return known;
        }
    }

    private static CertificateAuthority read(Path certificate, Path key) {
        try {
            List<X509Certificate> certificates = Pem.certificates(MaterialFile.read(certificate));
            CertificateAuthority ca = new CertificateAuthority(certificates.get(0),
                    Pem.privateKey(MaterialFile.read(key)));
            if (!CertificateCheck.keyMatches(ca.key(), ca.publicKey())) {
                throw new TlsMaterialException("the CA key " + key + " does not belong to the CA certificate "
                        + certificate);
            }
            return ca;
        } catch (IOException e) {
            throw new TlsMaterialException("cannot read the CA: " + e.getMessage(), e);
        }
    }

    private void save(CertificateAuthority ca) {
        try {
            FileTrust.ofThisProcess().ensurePrivateDirectory(directory);
            // created 0600 before the first byte is written, so the key is never readable by others
            AtomicFile.writeOwn(keyFile(), Pem.write(ca.key()).getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-------"));
            AtomicFile.writeOwn(certificateFile(), Pem.write(ca.certificate()).getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the CA in " + directory + ": " + e.getMessage(), e);
        }
    }
}
