package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import dev.pgstate.reconcilers.core.plan.KnownCertificate;
import dev.pgstate.reconcilers.secret.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the spec's tls section concrete for a server: reads {@code file} sources, takes {@code pem} as written,
 * and for {@code issue} keeps the installed certificate while it still passes every check (renewal happens when it
 * enters the window) or issues a new one. Then it checks the result, so broken material is refused before
 * anything is written.
 *
 * @param dataDirectory where relative destinations and the server's defaults are
 * @param serverUser    the OS user the server runs as: the default owner of the files it reads
 * @param caStore       the agent's CA; resolving changes nothing there, it prepares {@link CaChanges}
 */
public record TlsResolver(Path dataDirectory, String serverUser, CaStore caStore) {

    /** Issued server certificates last a little over a year, the longest browsers and most policies accept. */
    private static final int SERVER_VALID_DAYS = 397;

    /** @param keyPassphrase what decrypts the key when {@code tls.key.passphrase} names it, read by a SecretResolver */
    public ResolvedTls resolve(TlsSpec tls, Optional<Secret> keyPassphrase, Instant now) {
        try {
            return resolveReadable(tls, keyPassphrase, now);
        } catch (TlsMaterialException e) {
            return ResolvedTls.refused(List.of(e.getMessage()));
        } catch (IOException e) {
            return ResolvedTls.refused(List.of("cannot read TLS material: " + FileFaults.describe(e)));
        }
    }

    private ResolvedTls resolveReadable(TlsSpec tls, Optional<Secret> passphrase, Instant now) throws IOException {
        CertificateCheck check = new CertificateCheck(tls.hostnames(), tls.addresses(), tls.renewBeforeDays());
        Optional<CaStore.InUse> inUse = tls.issuesFromCa() ? Optional.of(caStore.inUse(tls.ca(), now))
                : Optional.empty();
        CaChanges caChanges = inUse.map(CaStore.InUse::changes).orElse(CaChanges.NONE);
        CertificateAuthority ca = inUse.map(CaStore.InUse::ca).orElse(null);
        Optional<CaStore.Retiring> retiring = inUse.flatMap(CaStore.InUse::retiring);
        // during a rotation the old CA is trusted beside the new one and vouches for it to clients that know only it
        List<X509Certificate> trusted = new ArrayList<>();
        inUse.ifPresent(used -> trusted.add(used.ca().certificate()));
        retiring.ifPresent(old -> trusted.add(old.ca().certificate()));
        Path certificatePath = destination(tls.certificate(), TlsFileRole.CERTIFICATE);
        Path keyPath = destination(tls.key(), TlsFileRole.KEY);
        Optional<InstalledFile> installedCertificate = InstalledFile.read(certificatePath);
        Optional<InstalledFile> installedKey = InstalledFile.read(keyPath);
        Optional<X509Certificate> installedLeaf = installedCertificate.flatMap(TlsResolver::leaf);

        String certificateText;
        String keyText;
        Optional<CertificateRequest> issuing = Optional.empty();
        if (tls.certificate().issued()) {
            Optional<KeyAndCertificate> kept = keepable(installedCertificate, installedKey, passphrase, check, ca,
                    now);
            KeyAndCertificate pair = kept.orElseGet(() ->
                    ca.issueServer(tls.hostnames(), tls.addresses(), Validity.days(now, SERVER_VALID_DAYS)));
            if (kept.isEmpty()) {
                issuing = Optional.of(CertificateRequest.of(tls.hostnames(), tls.addresses(), inUse.orElseThrow(),
                        SERVER_VALID_DAYS, passphrase.isPresent()));
            }
            certificateText = retiring.map(old -> Pem.write(pair.certificate(), old.crossCertificate()))
                    .orElseGet(pair::certificatePem);
            // an encryption is salted anew each time: a kept key stays as it was written
            keyText = passphrase.isEmpty() ? pair.keyPem()
                    : kept.isPresent() ? installedKey.get().content() : Pem.write(pair.key(), passphrase.get());
        } else {
            certificateText = text(tls.certificate());
            keyText = text(tls.key());
        }
        List<X509Certificate> chain = Pem.certificates(certificateText);
        PrivateKey key = Pem.privateKey(keyText, passphrase);
        String bundleText = tls.caBundle() == null ? null
                : tls.caBundle().issued() ? Pem.write(trusted.toArray(X509Certificate[]::new)) : text(tls.caBundle());
        List<X509Certificate> roots = bundleText != null ? Pem.certificates(bundleText) : trusted;

        List<TlsFileState> files = new ArrayList<>();
        files.add(state(tls.certificate(), TlsFileRole.CERTIFICATE, certificateText, installedCertificate));
        files.add(state(tls.key(), TlsFileRole.KEY, keyText, installedKey));
        List<String> problems = new ArrayList<>();
        if (passphrase.isPresent()) {
            Path passphraseFile = PassphraseCommand.fileFor(keyPath);
            problems.addAll(PassphraseCommand.problems(passphraseFile, passphrase.get()));
            files.add(state(tls.key(), TlsFileRole.PASSPHRASE, passphraseFile,
                    PassphraseCommand.content(passphrase.get()), InstalledFile.read(passphraseFile)));
        }
        if (bundleText != null) {
            Path path = destination(tls.caBundle(), TlsFileRole.CA_BUNDLE);
            files.add(state(tls.caBundle(), TlsFileRole.CA_BUNDLE, bundleText, InstalledFile.read(path)));
        }
        if (tls.crl() != null) {
            Path path = destination(tls.crl(), TlsFileRole.CRL);
            String crlText;
            if (tls.crl().issued()) {
                CaStore.Prepared<String> crls = caStore.crls(inUse.get(), now);
                crlText = crls.value();
                caChanges = caChanges.then(crls.changes());
            } else {
                crlText = text(tls.crl());
            }
            files.add(state(tls.crl(), TlsFileRole.CRL, crlText, InstalledFile.read(path)));
        }
        problems.addAll(check.problems(key, chain, roots, now));
        return new ResolvedTls(files, chain.get(0), installedLeaf, problems,
                known(tls, files, certificatePath, installedLeaf), issuing, Optional.empty(),
                inUse.flatMap(CaStore.InUse::step), caChanges);
    }

    /**
     * The certificates on disk now: the installed server certificate and CA bundle (not what is about to replace
     * them), the agent's CA once kept, and the client certificates it issued.
     */
    private List<KnownCertificate> known(TlsSpec tls, List<TlsFileState> files, Path certificatePath,
                                         Optional<X509Certificate> installedLeaf) throws IOException {
        List<KnownCertificate> known = new ArrayList<>();
        installedLeaf.ifPresent(leaf -> known.add(KnownCertificate.of(certificatePath, leaf)));
        files.stream().filter(f -> f.desired().role() == TlsFileRole.CA_BUNDLE).flatMap(f -> f.installed().stream())
                .forEach(bundle -> readable(bundle).forEach(root -> known.add(KnownCertificate.of(bundle.path(), root))));
        if (tls.ca() != null) {
            Path caFile = caStore.certificateFile(tls.ca());
            Path retiringFile = caStore.retiringDirectory().resolve(caFile.getFileName());
            for (Path file : List.of(caFile, retiringFile)) {
                if (Files.exists(file)) {
                    known.add(KnownCertificate.of(file, Pem.certificates(MaterialFile.read(file)).get(0)));
                }
            }
            known.addAll(caStore.issued());
        }
        return known;
    }

    /**
     * The installed pair, when this CA issued its leaf and it still passes every check; what follows the leaf in the
     * file (a rotation's cross certificate) is the resolver's to decide.
     */
    private static Optional<KeyAndCertificate> keepable(Optional<InstalledFile> certificate,
                                                        Optional<InstalledFile> key, Optional<Secret> passphrase,
                                                        CertificateCheck check, CertificateAuthority ca, Instant now) {
        if (certificate.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<X509Certificate> chain = Pem.certificates(certificate.get().content());
            // one encrypted otherwise than the spec says (or with another passphrase) is replaced
            PrivateKey privateKey = Pem.privateKey(key.get().content(), passphrase);
            return check.problems(privateKey, chain.subList(0, 1), List.of(ca.certificate()), now).isEmpty()
                    ? Optional.of(new KeyAndCertificate(privateKey, chain.get(0))) : Optional.empty();
        } catch (TlsMaterialException e) {
            return Optional.empty(); // unreadable: replaced by a new one
        }
    }

    private static Optional<X509Certificate> leaf(InstalledFile file) {
        return readable(file).stream().findFirst();
    }

    /** The certificates in an installed file; none when it holds none readable, as it is then replaced. */
    private static List<X509Certificate> readable(InstalledFile file) {
        try {
            return Pem.certificates(file.content());
        } catch (TlsMaterialException e) {
            return List.of();
        }
    }

    private TlsFileState state(TlsFileSpec spec, TlsFileRole role, String content,
                               Optional<InstalledFile> installed) {
        return state(spec, role, destination(spec, role), content, installed);
    }

    /** A file owned like {@code spec}'s (the passphrase like its key), at {@code path}. */
    private TlsFileState state(TlsFileSpec spec, TlsFileRole role, Path path, String content,
                               Optional<InstalledFile> installed) {
        String owner = spec.owner() == null ? serverUser : spec.owner();
        String mode = Modes.normalize(spec.mode() == null ? role.defaultMode() : spec.mode());
        return new TlsFileState(new TlsFile(role, path, content, owner, spec.group(), mode), installed);
    }

    private Path destination(TlsFileSpec spec, TlsFileRole role) {
        return dataDirectory.resolve(spec.destination() == null ? role.defaultName() : spec.destination());
    }

    private static String text(TlsFileSpec spec) throws IOException {
        if (spec.pem() != null) {
            return spec.pem();
        }
        return MaterialFile.read(Path.of(spec.file()));
    }
}
