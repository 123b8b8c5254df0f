package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.reconcilers.core.plan.KnownCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
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
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where the agent's CA lives: created once under {@code <state directory>/tls/} (the key 0600, the directory
 * 0700) and read from there afterwards, or adopted from a certificate and key kept elsewhere on the box.
 *
 * <p>A created CA is rotated when the spec names another and asks for it ({@code ca.rotate.overlap}): the old one
 * moves to {@code tls/retiring/} with its CRL, a certificate of the new CA signed by the old ({@code cross.crt})
 * and the instant it retires ({@code retire-after}); the new one takes its place. Once that instant has passed,
 * the retiring directory is moved aside to {@code tls/retired-<epoch second>/}, never deleted: it holds a CA key.
 *
 * <p>Reading the store changes nothing: a CA to be created, a rotation, a retirement and a new or renewed CRL come
 * back as {@link CaChanges}, which only an apply that goes ahead commits.
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
     * @param step    the rotation or retirement this open prepared, for the plan to show
     * @param origin  whether the CA was there, or this open created it or rotated to it
     * @param changes what keeps the CA as it is here: a created one, a rotation or a retirement
     */
    public record InUse(CertificateAuthority ca, Optional<Retiring> retiring, Optional<CaStep> step, Origin origin,
                        CaChanges changes) {

        /** An adopted CA, or a created one kept as it is. */
        static InUse kept(CertificateAuthority ca) {
            return new InUse(ca, Optional.empty(), Optional.empty(), Origin.KEPT, CaChanges.NONE);
        }

        /** A rotation prepared by this open: the old CA and its CRL are still where the current ones go. */
        boolean rotating() {
            return origin == Origin.ROTATED;
        }

        /** Whether the CA is one this open made: it exists nowhere before the apply that keeps it. */
        public boolean newCa() {
            return origin != Origin.KEPT;
        }
    }

    /** Where the CA in use comes from. */
    public enum Origin {
        KEPT, CREATED, ROTATED
    }

    /** What was read or made, with what keeps it in the store. */
    public record Prepared<T>(T value, CaChanges changes) {
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

    /**
     * The spec's CA, with the one a rotation is retiring. A CA still to be created is made, a rotation the spec
     * asks for is started and one whose overlap has passed is ended, each in memory with the {@link CaChanges} that
     * keep it: a plan drops them, so two plans before the first apply show two different CAs.
     */
    public InUse inUse(TlsCaSpec spec, Instant now) {
        if (spec.adopt() != null) {
            return InUse.kept(existing(spec));
        }
        if (!Files.exists(keyFile())) {
            CertificateAuthority created = create(spec, now);
            return new InUse(created, Optional.empty(), Optional.empty(), Origin.CREATED,
                    new CaChanges(caFiles(directory, created)));
        }
        CertificateAuthority kept = read();
        // a copy of the current CA is a rotation interrupted before the new CA was kept: it starts again
        Optional<Retiring> retiring = retiring().filter(r -> !r.ca().certificate().equals(kept.certificate()));
        if (describes(spec, kept)) {
            if (retiring.isPresent() && !now.isBefore(retiring.get().retireAfter())) {
                return new InUse(kept, Optional.empty(), Optional.of(CaStep.retired(kept, retiring.get())), Origin.KEPT,
                        new CaChanges(List.of(retire(retiring.get()))));
            }
            return new InUse(kept, retiring, Optional.empty(), Origin.KEPT, CaChanges.NONE);
        }
        if (spec.rotate() == null || retiring.isPresent()) {
            throw notRotated(spec, kept, retiring);
        }
        return rotate(spec, kept, now);
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
    private InUse rotate(TlsCaSpec spec, CertificateAuthority old, Instant now) {
        CertificateAuthority successor = create(spec, now);
        Retiring retiring = new Retiring(old, old.crossSign(successor, now),
                now.plus(Duration.ofDays(spec.rotate().overlapDays())));
        List<CaChanges.Step> steps = new ArrayList<>(keepRetiring(retiring));
        steps.add(new CaChanges.Delete(crlFile())); // the new CA's CRL starts empty
        steps.addAll(caFiles(directory, successor));
        return new InUse(successor, Optional.of(retiring), Optional.of(CaStep.rotated(old, successor, retiring)),
                Origin.ROTATED, new CaChanges(steps));
    }

    /** Where a rotation keeps the CA it replaces until that retires. */
    public Path retiringDirectory() {
        return directory.resolve("retiring");
    }

    private List<CaChanges.Step> keepRetiring(Retiring retiring) {
        Path kept = retiringDirectory();
        List<CaChanges.Step> steps = new ArrayList<>(caFiles(kept, retiring.ca()));
        if (Files.exists(crlFile())) {
            try {
                steps.add(publicFile(kept.resolve(crlFile().getFileName()), MaterialFile.read(crlFile())));
            } catch (IOException e) {
                throw new TlsMaterialException("cannot read the CA's CRL " + crlFile() + ": " + e.getMessage(), e);
            }
        }
        steps.add(publicFile(kept.resolve(CROSS_CERTIFICATE), Pem.write(retiring.crossCertificate())));
        steps.add(publicFile(kept.resolve(RETIRE_AFTER), retiring.retireAfter() + "\n"));
        return steps;
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
    private CaChanges.Step retire(Retiring retiring) {
        return new CaChanges.MoveAside(retiringDirectory(),
                directory.resolve("retired-" + retiring.retireAfter().getEpochSecond()));
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
     * The CRL to install: the kept one, renewed once its nextUpdate is near, or a first one revoking nothing, with
     * what keeps a new or renewed one.
     */
    public Prepared<RevocationList> crl(CertificateAuthority ca, Instant now) throws IOException {
        return crl(ca, crlFile(), crlFile(), now);
    }

    /**
     * The CRLs of every CA in use, in PEM: during a rotation the retiring CA's too, kept and renewed like the current
     * one's, since the server wants a CRL for every CA it trusts. A rotation prepared now starts the new CA's afresh
     * and finds the old one's where it still is, to be kept in the retiring directory.
     */
    public Prepared<String> crls(InUse inUse, Instant now) throws IOException {
        Path retiringCrl = retiringCrlFile();
        Prepared<RevocationList> current = inUse.rotating() ? kept(crlFile(), RevocationList.empty(inUse.ca(), now))
                : crl(inUse.ca(), crlFile(), crlFile(), now);
        if (inUse.retiring().isEmpty()) {
            return new Prepared<>(current.value().pem(), current.changes());
        }
        Prepared<RevocationList> old = crl(inUse.retiring().get().ca(), inUse.rotating() ? crlFile() : retiringCrl,
                retiringCrl, now);
        return new Prepared<>(current.value().pem() + old.value().pem(), current.changes().then(old.changes()));
    }

    /** The CRL kept in {@code file}, renewed or started when it must be, then to be kept in {@code keptIn}. */
    private static Prepared<RevocationList> crl(CertificateAuthority ca, Path file, Path keptIn, Instant now)
            throws IOException {
        Optional<RevocationList> kept = keptCrl(ca, file);
        if (kept.isPresent() && !kept.get().needsRenewal(now)) {
            return new Prepared<>(kept.get(), CaChanges.NONE);
        }
        return kept(keptIn, kept.map(crl -> crl.renewed(ca, now)).orElseGet(() -> RevocationList.empty(ca, now)));
    }

    private static Prepared<RevocationList> kept(Path file, RevocationList crl) {
        return new Prepared<>(crl, new CaChanges(List.of(publicFile(file, crl.pem()))));
    }

    /**
     * Revokes the client certificates {@code which} picks among those recorded as issued: each joins the CRL of the CA
     * that issued it (during a rotation's overlap the retiring CA's for a certificate of the old CA, since the server
     * checks a client certificate against its issuer's CRL), which the next apply whose spec has
     * {@code crl: {issue: true}} installs, and leaves the record of issued ones.
     *
     * @return the certificates revoked (none when none matched) and the CRL files written
     */
    public Revoked revoke(CertificateAuthority ca, Predicate<X509Certificate> which, Instant now) throws IOException {
        Map<Path, X509Certificate> matching = new LinkedHashMap<>(issuedFiles());
        matching.values().removeIf(which.negate());
        Optional<Retiring> retiring = retiring().filter(r -> !r.ca().certificate().equals(ca.certificate()));
        Map<Path, List<X509Certificate>> byCrl = new LinkedHashMap<>();
        for (X509Certificate certificate : matching.values()) {
            boolean old = retiring.filter(r -> issuedBy(certificate, r.ca())).isPresent();
            byCrl.computeIfAbsent(old ? retiringCrlFile() : crlFile(), file -> new ArrayList<>()).add(certificate);
        }
        for (Map.Entry<Path, List<X509Certificate>> revoked : byCrl.entrySet()) {
            CertificateAuthority issuer = revoked.getKey().equals(crlFile()) ? ca : retiring.orElseThrow().ca();
            RevocationList crl = keptCrl(issuer, revoked.getKey()).orElseGet(() -> RevocationList.empty(issuer, now));
            for (X509Certificate certificate : revoked.getValue()) {
                crl = crl.revoking(issuer, certificate.getSerialNumber(), now);
            }
            saveCrl(revoked.getKey(), crl);
        }
        for (Path file : matching.keySet()) {
            Files.delete(file);
        }
        return new Revoked(List.copyOf(matching.values()), List.copyOf(byCrl.keySet()));
    }

    /** The certificates a revocation revoked, and the CRL files it wrote (one per CA that issued them). */
    public record Revoked(List<X509Certificate> certificates, List<Path> crlFiles) {
        public Revoked {
            certificates = List.copyOf(certificates);
            crlFiles = List.copyOf(crlFiles);
        }
    }

    private Path retiringCrlFile() {
        return retiringDirectory().resolve(crlFile().getFileName());
    }

    private static boolean issuedBy(X509Certificate certificate, CertificateAuthority ca) {
        try {
            certificate.verify(ca.publicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
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
            String certificateText = MaterialFile.read(certificate);
            String keyText = MaterialFile.read(key);
            List<X509Certificate> certificates = named("the CA certificate", certificate,
                    () -> Pem.certificates(certificateText));
            CertificateAuthority ca = new CertificateAuthority(certificates.get(0),
                    named("the CA key", key, () -> Pem.privateKey(keyText)));
            if (!CertificateCheck.keyMatches(ca.key(), ca.publicKey())) {
                throw new TlsMaterialException("the CA key " + key + " does not belong to the CA certificate "
                        + certificate);
            }
            return ca;
        } catch (IOException e) {
            throw new TlsMaterialException("cannot read the CA: " + e.getMessage(), e);
        }
    }

    /** What a file's text holds, or a refusal naming the file: a store cut short says which file is damaged. */
    private static <T> T named(String what, Path file, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (TlsMaterialException e) {
            throw new TlsMaterialException(what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The CA's key and certificate in {@code in}, the key first. */
    private List<CaChanges.Step> caFiles(Path in, CertificateAuthority ca) {
        // created 0600 before the first byte is written, so the key is never readable by others
        return List.of(new CaChanges.Write(in.resolve(keyFile().getFileName()),
                        Pem.write(ca.key()).getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------")),
                publicFile(in.resolve(certificateFile().getFileName()), Pem.write(ca.certificate())));
    }

    private static CaChanges.Step publicFile(Path file, String text) {
        return new CaChanges.Write(file, text.getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"));
    }
}
