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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 *
 * <p>A created CA is rotated when the spec names another and asks for it ({@code ca.rotate.overlap}): the old one
 * moves to {@code tls/retiring/} with its CRL, a certificate of the new CA signed by the old ({@code cross.crt})
 * and the instant it retires ({@code retire-after}); the new one takes its place. Once that instant has passed,
 * the retiring directory is moved aside to {@code tls/retired-<epoch second>/}, never deleted: it holds a CA key.
 */
public final class CaStore {

    private static final String RETIRE_AFTER = "retire-after";
    private static final String CROSS_CERTIFICATE = "cross.crt";

    private final Path directory;

    /** The CA a rotation replaces, trusted beside the new one until {@code retireAfter}. */
    public record Retiring(CertificateAuthority ca, X509Certificate crossCertificate, Instant retireAfter) {
    }

    /**
     * The spec's CA and, while a rotation's overlap lasts, the one it replaces.
     *
     * @param step    the rotation or retirement this open made (in memory for a plan), for the plan to show
     * @param planned a rotation made in memory only: the old CA and its CRL are still where the current ones go
     */
    public record InUse(CertificateAuthority ca, Optional<Retiring> retiring, Optional<CaStep> step,
                        boolean planned) {

        InUse(CertificateAuthority ca) {
            this(ca, Optional.empty(), Optional.empty(), false);
        }
    }

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

    /** The spec's CA: {@link #inUse}'s, for what issues from it alone. */
    public CertificateAuthority open(TlsCaSpec spec, boolean persist, Instant now) {
        return inUse(spec, persist, now).ca();
    }

    /**
     * The spec's CA, with the one a rotation is retiring. A CA still to be created is made, a rotation the spec
     * asks for is started and one whose overlap has passed is ended; each is kept only when {@code persist}, which
     * only apply may do: a plan changes nothing, so two plans before the first apply show two different CAs.
     */
    public InUse inUse(TlsCaSpec spec, boolean persist, Instant now) {
        if (spec.adopt() != null) {
            return new InUse(existing(spec));
        }
        if (!Files.exists(keyFile())) {
            CertificateAuthority created = create(spec, now);
            if (persist) {
                save(created);
            }
            return new InUse(created);
        }
        CertificateAuthority kept = read();
        // a copy of the current CA is a rotation interrupted before the new CA was kept: it starts again
        Optional<Retiring> retiring = retiring().filter(r -> !r.ca().certificate().equals(kept.certificate()));
        if (describes(spec, kept)) {
            if (retiring.isPresent() && !now.isBefore(retiring.get().retireAfter())) {
                if (persist) {
                    retire(retiring.get());
                }
                return new InUse(kept, Optional.empty(), Optional.of(CaStep.retired(kept, retiring.get())), false);
            }
            return new InUse(kept, retiring, Optional.empty(), false);
        }
        if (spec.rotate() == null || retiring.isPresent()) {
            throw notRotated(spec, kept, retiring);
        }
        return rotate(spec, kept, persist, now);
    }

    /** Whether the spec still describes the created CA: its name and lifetime. */
    private static boolean describes(TlsCaSpec spec, CertificateAuthority kept) {
        return CertificateAuthority.commonName(kept.certificate()).equals(spec.commonName())
                && validForDays(kept) == spec.validForDays();
    }

    private static long validForDays(CertificateAuthority ca) {
        return Duration.between(ca.certificate().getNotBefore().toInstant(),
                ca.certificate().getNotAfter().toInstant()).toDays();
    }

    private static CertificateAuthority create(TlsCaSpec spec, Instant now) {
        return CertificateAuthority.create(spec.commonName(), Validity.days(now, spec.validForDays()));
    }

    /**
     * A CA is not changed in place: its certificate is what every client trusts, so a new name or lifetime without
     * {@code rotate}, or a third CA while a rotation is under way, is refused with the way on, never ignored.
     */
    private TlsMaterialException notRotated(TlsCaSpec spec, CertificateAuthority kept, Optional<Retiring> retiring) {
        String found = "tls.ca: the CA kept in " + directory + " was created with common_name \""
                + CertificateAuthority.commonName(kept.certificate()) + "\" and valid_for " + validForDays(kept)
                + "d, the spec now says \"" + spec.commonName() + "\" and " + spec.validFor() + "; ";
        if (retiring.isPresent()) {
            return new TlsMaterialException(found + "it replaced \""
                    + CertificateAuthority.commonName(retiring.get().ca().certificate()) + "\", which clients trust "
                    + "until " + retiring.get().retireAfter() + ": rotate again once that CA is retired");
        }
        return new TlsMaterialException(found + "a CA is not changed in place (clients trust the certificate they "
                + "have). Set them back to keep it, or add rotate: {overlap: 30d} to rotate: a new CA is created and "
                + "trusted beside the old one for the overlap, the server certificate is reissued under it, and the "
                + "old one is retired when the overlap ends. To replace it at once instead, move " + directory
                + " aside: every client then needs the new root.crt and new client certificates (issue-client-cert)");
    }

    /**
     * Starts a rotation: the old CA and its CRL are copied to the retiring directory with the cross certificate,
     * then the instant it retires (what marks the copy complete), then the new CA takes its files.
     */
    private InUse rotate(TlsCaSpec spec, CertificateAuthority old, boolean persist, Instant now) {
        CertificateAuthority successor = create(spec, now);
        Retiring retiring = new Retiring(old, old.crossSign(successor, now),
                now.plus(Duration.ofDays(spec.rotate().overlapDays())));
        if (persist) {
            try {
                keepRetiring(retiring);
                Files.deleteIfExists(crlFile()); // the new CA's CRL starts empty
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the retiring CA in " + retiringDirectory() + ": "
                        + e.getMessage(), e);
            }
            save(successor);
        }
        return new InUse(successor, Optional.of(retiring), Optional.of(CaStep.rotated(old, successor, retiring)),
                !persist);
    }

    /** Where a rotation keeps the CA it replaces until that retires. */
    public Path retiringDirectory() {
        return directory.resolve("retiring");
    }

    private void keepRetiring(Retiring retiring) throws IOException {
        Path kept = retiringDirectory();
        FileTrust.ofThisProcess().ensurePrivateDirectory(directory);
        FileTrust.ofThisProcess().ensurePrivateDirectory(kept);
        writeCa(kept, retiring.ca());
        if (Files.exists(crlFile())) {
            AtomicFile.writeOwn(kept.resolve(crlFile().getFileName()), Files.readAllBytes(crlFile()),
                    PosixFilePermissions.fromString("rw-r--r--"));
        }
        AtomicFile.writeOwn(kept.resolve(CROSS_CERTIFICATE), Pem.write(retiring.crossCertificate())
                .getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFile.writeOwn(kept.resolve(RETIRE_AFTER), (retiring.retireAfter() + "\n")
                .getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** The CA a rotation is retiring, when one is under way. */
    private Optional<Retiring> retiring() {
        Path kept = retiringDirectory();
        if (!Files.exists(kept.resolve(RETIRE_AFTER))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Retiring(read(kept.resolve(certificateFile().getFileName()),
                    kept.resolve(keyFile().getFileName())),
                    Pem.certificates(MaterialFile.read(kept.resolve(CROSS_CERTIFICATE))).get(0),
                    Instant.parse(MaterialFile.read(kept.resolve(RETIRE_AFTER)).strip())));
        } catch (IOException | DateTimeParseException e) {
            throw new TlsMaterialException("cannot read the retiring CA in " + kept + ": " + e.getMessage(), e);
        }
    }

    /** Moves the retired CA aside, key and all: removing a CA key is its owner's decision. */
    private void retire(Retiring retiring) {
        Path aside = directory.resolve("retired-" + retiring.retireAfter().getEpochSecond());
        try {
            Files.move(retiringDirectory(), aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the retired CA to " + aside + ": " + e.getMessage(), e);
        }
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
        return crl(ca, crlFile(), persist, now);
    }

    /**
     * The CRLs of every CA in use, in PEM: during a rotation the retiring CA's too, kept and renewed like the current
     * one's, since the server wants a CRL for every CA it trusts. A planned rotation starts the new CA's afresh and
     * finds the old one's where it still is.
     */
    public String crls(InUse inUse, boolean persist, Instant now) throws IOException {
        String current = inUse.planned() ? RevocationList.empty(inUse.ca(), now).pem()
                : crl(inUse.ca(), crlFile(), persist, now).pem();
        if (inUse.retiring().isEmpty()) {
            return current;
        }
        Path retiringCrl = inUse.planned() ? crlFile() : retiringDirectory().resolve(crlFile().getFileName());
        return current + crl(inUse.retiring().get().ca(), retiringCrl, persist, now).pem();
    }

    private static RevocationList crl(CertificateAuthority ca, Path file, boolean persist, Instant now)
            throws IOException {
        Optional<RevocationList> kept = keptCrl(ca, file);
        if (kept.isPresent() && !kept.get().needsRenewal(now)) {
            return kept.get();
        }
        RevocationList current = kept.map(crl -> crl.renewed(ca, now)).orElseGet(() -> RevocationList.empty(ca, now));
        if (persist) {
            saveCrl(file, current);
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
        RevocationList crl = keptCrl(ca, crlFile()).orElseGet(() -> RevocationList.empty(ca, now));
        for (X509Certificate certificate : matching.values()) {
            crl = crl.revoking(ca, certificate.getSerialNumber(), now);
        }
        saveCrl(crlFile(), crl);
        for (Path file : matching.keySet()) {
            Files.delete(file);
        }
        return List.copyOf(matching.values());
    }

    private static Optional<RevocationList> keptCrl(CertificateAuthority ca, Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        RevocationList kept = new RevocationList(Pem.crls(MaterialFile.read(file)).get(0));
        if (!kept.signedBy(ca)) {
            throw new TlsMaterialException("the CRL " + file + " is not signed by the CA "
                    + ca.certificate().getSubjectX500Principal().getName() + ": move it aside to start a new one");
        }
        return Optional.of(kept);
    }

    private static void saveCrl(Path file, RevocationList crl) throws IOException {
        FileTrust.ofThisProcess().ensurePrivateDirectory(file.getParent());
        AtomicFile.writeOwn(file, crl.pem().getBytes(StandardCharsets.UTF_8),
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
            writeCa(directory, ca);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the CA in " + directory + ": " + e.getMessage(), e);
        }
    }

    private void writeCa(Path in, CertificateAuthority ca) throws IOException {
        // created 0600 before the first byte is written, so the key is never readable by others
        AtomicFile.writeOwn(in.resolve(keyFile().getFileName()), Pem.write(ca.key()).getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-------"));
        AtomicFile.writeOwn(in.resolve(certificateFile().getFileName()),
                Pem.write(ca.certificate()).getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"));
    }
}
