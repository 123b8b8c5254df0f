package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.kind.tls.CertificateCheck;
import dev.pgstate.reconcilers.kind.tls.Fingerprint;
import dev.pgstate.reconcilers.kind.tls.InstalledFile;
import dev.pgstate.reconcilers.kind.tls.Pem;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
import dev.pgstate.reconcilers.kind.tls.TlsFile;
import dev.pgstate.reconcilers.kind.tls.TlsFileRole;
import dev.pgstate.reconcilers.kind.tls.TlsFileState;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plans the TLS files: refuses material that failed its checks, and otherwise lists every file that is missing,
 * was replaced, or lost its owner or mode, with the certificate's days to expiry. When every file is right but the
 * running server was seen handing out another certificate, it plans the reload that makes it serve them.
 */
public final class TlsPlanner {

    /** The attribute naming what the running server hands out, beside the files' paths. */
    static final String SERVED = "served certificate";
    /** The attribute naming the CAs the server trusts, when a rotation starts or ends. */
    static final String CERTIFICATE_AUTHORITY = "certificate authority";

    private final ResolvedTls tls;
    private final Instant now;
    private final Findings findings;

    public TlsPlanner(ResolvedTls tls, Instant now, Findings findings) {
        this.tls = tls;
        this.now = now;
        this.findings = findings;
    }

    public void plan() {
        if (!tls.problems().isEmpty()) {
            tls.problems().forEach(problem -> findings.problems.add("tls: " + problem));
            return;
        }
        if (!tls.managed()) {
            return;
        }
        List<TlsFile> writes = new ArrayList<>();
        List<AttributeChange<TlsFileAttribute>> attributes = new ArrayList<>();
        for (TlsFileState file : tls.files()) {
            Optional<String> before = difference(file);
            if (before.isPresent()) {
                writes.add(file.desired());
                attributes.add(new AttributeChange<>(new TlsFileAttribute(file.desired().path().toString()),
                        before.get(), describe(file.desired())));
            }
        }
        tls.caStep().ifPresent(step -> attributes.add(0, new AttributeChange<>(
                new TlsFileAttribute(CERTIFICATE_AUTHORITY), step.before(), step.after())));
        Fingerprint wanted = Fingerprint.of(tls.certificate());
        if (!writes.isEmpty()) {
            findings.changes.add(new InstallTlsFiles(writes, attributes, wanted,
                    tls.caStep().map(CaStep::reason).orElseGet(this::reason), tls.caChanges()));
        } else if (tls.served().isPresent() && !tls.served().get().equals(wanted)) {
            // files are right but the server kept an old TLS context (a reload it refused): installing nothing and
            // reloading, with the probe afterwards, is the whole repair
            findings.changes.add(new InstallTlsFiles(List.of(), List.of(new AttributeChange<>(
                    new TlsFileAttribute(SERVED), tls.served().get().toString(), wanted.toString())), wanted,
                    "the server serves another certificate than the installed one: its last reload did not take"
                            + " the TLS files up", CaChanges.NONE));
        }
    }

    /** What is wrong with the installed file, in words; empty when it is as the spec wants. */
    private Optional<String> difference(TlsFileState file) {
        TlsFile desired = file.desired();
        if (file.installed().isEmpty()) {
            return Optional.of("absent");
        }
        InstalledFile installed = file.installed().get();
        if (!installed.content().equals(desired.content())) {
            return Optional.of(desired.role() == TlsFileRole.CERTIFICATE
                    ? tls.installedCertificate().map(this::describe).orElse("unreadable") : "different content");
        }
        if (!installed.owner().equals(desired.owner()) || !installed.mode().equals(desired.mode())
                || desired.group() != null && !Objects.equals(installed.group(), desired.group())) {
            return Optional.of(ownership(installed.owner(), installed.group(), installed.mode()));
        }
        return Optional.empty();
    }

    private String describe(TlsFile file) {
        String ownership = ownership(file.owner(), file.group(), file.mode());
        if (file.role() != TlsFileRole.CERTIFICATE) {
            return ownership;
        }
        // one still to be issued is shown as what apply issues: a fingerprint exists only once it is
        return tls.issuing().map(CertificateRequest::toString)
                .orElseGet(() -> describe(Pem.certificates(file.content()).get(0))) + ", " + ownership;
    }

    private String describe(X509Certificate certificate) {
        return Fingerprint.of(certificate) + ", expires " + expiry(certificate);
    }

    private String expiry(X509Certificate certificate) {
        return LocalDate.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC) + " (in "
                + CertificateCheck.daysToExpiry(certificate, now) + " days)";
    }

    private static String ownership(String owner, String group, String mode) {
        return "owner " + owner + (group == null ? "" : ":" + group) + ", mode " + mode;
    }

    private String reason() {
        return tls.installedCertificate()
                .filter(installed -> !installed.equals(tls.certificate()))
                .map(installed -> "the installed certificate expires in "
                        + CertificateCheck.daysToExpiry(installed, now) + " days or differs from the spec's")
                .orElse("TLS files are missing or differ from the spec");
    }
}
