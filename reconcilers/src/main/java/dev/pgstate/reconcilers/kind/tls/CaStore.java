package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.reconcilers.core.plan.KnownCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
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
        if (spec.adopt() != null) {
            return existing(spec);
        }
        if (Files.exists(keyFile())) {
            return unchanged(spec, read());
        }
        CertificateAuthority created = CertificateAuthority.create(spec.commonName(),
                Validity.days(now, spec.validForDays()));
        if (persist) {
            save(created);
        }
        return created;
    }

    /**
     * The created CA, when the spec still describes it. A CA is not changed in place: its certificate is what every
     * client trusts, so a new name or lifetime is refused with the way to replace it, never silently ignored.
     */
    private CertificateAuthority unchanged(TlsCaSpec spec, CertificateAuthority kept) {
        X509Certificate certificate = kept.certificate();
        String commonName = CertificateAuthority.commonName(certificate);
        long validForDays = Duration.between(certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant()).toDays();
        if (commonName.equals(spec.commonName()) && validForDays == spec.validForDays()) {
            return kept;
        }
        throw new TlsMaterialException("tls.ca: the CA kept in " + directory + " was created with common_name \""
                + commonName + "\" and valid_for " + validForDays + "d, the spec now says \"" + spec.commonName()
                + "\" and " + spec.validFor() + "; the agent does not rotate a CA (clients trust the certificate "
                + "they have). Set them back to keep it; to replace it, move " + directory + " aside: the next apply "
                + "creates a new CA and reissues the server certificate under it, and every client must then get the "
                + "new root.crt and new client certificates (issue-client-cert)");
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
        List<KnownCertificate> known = new ArrayList<>();
        issuedFiles().forEach((file, certificate) -> known.add(KnownCertificate.of(file, certificate)));
        return known;
    }

    /** The CA's CRL, kept with it: the revocations so far, signed by the CA. */
    public Path crlFile() {
        return directory.resolve("ca.crl");
    }

    /**
     * The CRL to install: the kept one, renewed once its nextUpdate is near, or a first one revoking nothing.
     * Like a created CA, a new or renewed CRL is kept only when {@code persist} (apply).
     */
    public RevocationList crl(CertificateAuthority ca, boolean persist, Instant now) throws IOException {
        Optional<RevocationList> kept = keptCrl(ca);
        if (kept.isPresent() && !kept.get().needsRenewal(now)) {
            return kept.get();
        }
        RevocationList current = kept.map(crl -> crl.renewed(ca, now)).orElseGet(() -> RevocationList.empty(ca, now));
        if (persist) {
            saveCrl(current);
        }
        return current;
    }

    /**
     * Revokes the client certificates {@code which} picks among those recorded as issued: they join the kept CRL
     * (installed by the next apply whose spec has {@code crl: {issue: true}}) and leave the record of issued ones.
     *
     * @return the certificates revoked; empty when none matched
     */
    public List<X509Certificate> revoke(CertificateAuthority ca, Predicate<X509Certificate> which, Instant now)
            throws IOException {
        Map<Path, X509Certificate> matching = new LinkedHashMap<>(issuedFiles());
        matching.values().removeIf(which.negate());
        if (matching.isEmpty()) {
            return List.of();
        }
        RevocationList crl = keptCrl(ca).orElseGet(() -> RevocationList.empty(ca, now));
        for (X509Certificate certificate : matching.values()) {
            crl = crl.revoking(ca, certificate.getSerialNumber(), now);
        }
        saveCrl(crl);
        for (Path file : matching.keySet()) {
            Files.delete(file);
        }
        return List.copyOf(matching.values());
    }

    private Optional<RevocationList> keptCrl(CertificateAuthority ca) throws IOException {
        if (!Files.exists(crlFile())) {
            return Optional.empty();
        }
        RevocationList kept = new RevocationList(Pem.crls(MaterialFile.read(crlFile())).get(0));
        if (!kept.signedBy(ca)) {
            throw new TlsMaterialException("the CRL " + crlFile() + " is not signed by the CA "
                    + ca.certificate().getSubjectX500Principal().getName() + ": move it aside to start a new one");
        }
        return Optional.of(kept);
    }

    private void saveCrl(RevocationList crl) throws IOException {
        FileTrust.ofThisProcess().ensurePrivateDirectory(directory);
        AtomicFile.writeOwn(crlFile(), crl.pem().getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"));
    }

    private Map<Path, X509Certificate> issuedFiles() throws IOException {
        if (!Files.isDirectory(issuedDirectory())) {
            return Map.of();
        }
        try (Stream<Path> files = Files.list(issuedDirectory())) {
            Map<Path, X509Certificate> issued = new LinkedHashMap<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".crt")).sorted().toList()) {
                issued.put(file, Pem.certificates(MaterialFile.read(file)).get(0));
            }
            return issued;
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
