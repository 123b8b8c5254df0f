package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.model.spec.TlsCaSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

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

    /**
     * The spec's CA. A CA still to be created is made in memory; {@code persist} keeps it, which only apply may
     * do: a plan changes nothing, so two plans before the first apply show two different CAs.
     */
    public CertificateAuthority open(TlsCaSpec spec, boolean persist, Instant now) {
        if (spec.adopt() != null) {
            return read(Path.of(spec.adopt().cert()), Path.of(spec.adopt().key()));
        }
        if (Files.exists(keyFile())) {
            return read(certificateFile(), keyFile());
        }
        CertificateAuthority created = CertificateAuthority.create(spec.commonName(),
                Validity.days(now, spec.validForDays()));
        if (persist) {
            save(created);
        }
        return created;
    }

    /** The CA created earlier by apply; for commands that issue from it outside a spec. */
    public CertificateAuthority read() {
        if (!Files.exists(keyFile())) {
            throw new TlsMaterialException("no CA in " + directory + ": apply a spec with tls.ca.create: true first");
        }
        return read(certificateFile(), keyFile());
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
