package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.kind.tls.CertificateAuthority;
import dev.pgstate.reconcilers.kind.tls.Fingerprint;
import dev.pgstate.reconcilers.kind.tls.InstalledFile;
import dev.pgstate.reconcilers.kind.tls.KeyAndCertificate;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
import dev.pgstate.reconcilers.kind.tls.TlsFile;
import dev.pgstate.reconcilers.kind.tls.TlsFileRole;
import dev.pgstate.reconcilers.kind.tls.TlsFileState;
import dev.pgstate.reconcilers.kind.tls.Validity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Drift in the TLS files, planned without a server: each kind of difference is named in the plan. */
class TlsPlannerTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final CertificateAuthority CA = CertificateAuthority.create("test CA", Validity.days(NOW, 3650));
    private static final KeyAndCertificate SERVER =
            CA.issueServer(List.of("localhost"), List.of(), Validity.days(NOW, 397));
    private static final Path CRT = Path.of("/data/server.crt");
    private static final Path KEY = Path.of("/data/server.key");
    private static final TlsFile DESIRED_CRT =
            new TlsFile(TlsFileRole.CERTIFICATE, CRT, SERVER.certificatePem(), "postgres", null, "0644");
    private static final TlsFile DESIRED_KEY = new TlsFile(TlsFileRole.KEY, KEY, SERVER.keyPem(), "postgres", null, "0600");

    @Test
    void filesAsTheSpecWantsThemPlanNothing() {
        assertThat(plan(installed(CRT, SERVER.certificatePem(), "0644"), installed(KEY, SERVER.keyPem(), "0600"),
                Optional.empty()).changes).isEmpty();
    }

    @Test
    void aLoosenedKeyModeIsRestored() {
        InstallTlsFiles change = onlyChange(plan(installed(CRT, SERVER.certificatePem(), "0644"),
                installed(KEY, SERVER.keyPem(), "0644"), Optional.empty()));

        assertThat(change.files()).containsExactly(DESIRED_KEY);
        assertThat(change.attributes()).containsExactly(new AttributeChange<>(new TlsFileAttribute(KEY.toString()),
                "owner postgres:postgres, mode 0644", "owner postgres, mode 0600"));
        assertThat(change.effect()).isEqualTo(Effect.RELOAD);
    }

    @Test
    void aCertificateStillToBeIssuedIsShownAsItsRequestSinceItsFingerprintExistsOnlyOnceIssued() {
        ResolvedTls resolved = resolved(Optional.empty(), Optional.empty(), Optional.empty());
        Findings findings = new Findings();
        CertificateRequest request = new CertificateRequest(List.of("localhost"), List.of("127.0.0.1"),
                "CA CN=idbox CA SHA256:AB:CD", 397, false);
        new TlsPlanner(new ResolvedTls(resolved.files(), resolved.certificate(), Optional.empty(), List.of(),
                List.of(), Optional.of(request), Optional.empty(), Optional.empty(), CaChanges.NONE), NOW, findings)
                .plan();

        assertThat(onlyChange(findings).attributes().get(0).after()).isEqualTo("new certificate for DNS:localhost, "
                + "IP:127.0.0.1 from CA CN=idbox CA SHA256:AB:CD, valid 397 days from apply, new key; fingerprint "
                + "known after apply, owner postgres, mode 0644");
        assertThat(onlyChange(plan(Optional.empty(), Optional.empty(), Optional.empty())).attributes().get(0).after()
                .toString())
                .startsWith(Fingerprint.of(SERVER.certificate()) + ", expires 2027-07-03 (in 397 days)");
    }

    @Test
    void aDeletedFileIsWrittenAgain() {
        InstallTlsFiles change = onlyChange(plan(Optional.empty(), installed(KEY, SERVER.keyPem(), "0600"),
                Optional.empty()));

        assertThat(change.files()).containsExactly(DESIRED_CRT);
        assertThat(change.attributes().get(0).before()).isEqualTo("absent");
    }

    @Test
    void aReplacedCertificateShowsTheInstalledOnesFingerprintAndDaysToExpiry() {
        KeyAndCertificate replaced = CA.issueServer(List.of("localhost"), List.of(), Validity.days(NOW, 12));

        InstallTlsFiles change = onlyChange(plan(installed(CRT, replaced.certificatePem(), "0644"),
                installed(KEY, SERVER.keyPem(), "0600"), Optional.of(replaced)));

        assertThat(change.files()).containsExactly(DESIRED_CRT);
        assertThat(change.attributes().get(0).before().toString()).endsWith("expires 2026-06-13 (in 12 days)");
        assertThat(change.attributes().get(0).after().toString()).contains("(in 397 days), owner postgres, mode 0644");
        assertThat(change.reason()).isEqualTo("the installed certificate expires in 12 days or differs from the spec's");
    }

    @Test
    void rightFilesBehindAnOldServedCertificateAreReloadedWithNothingWritten() {
        KeyAndCertificate old = CA.issueServer(List.of("localhost"), List.of(), Validity.days(NOW, 30));
        Findings findings = new Findings();
        new TlsPlanner(resolved(installed(CRT, SERVER.certificatePem(), "0644"), installed(KEY, SERVER.keyPem(), "0600"),
                Optional.empty()).withServed(Fingerprint.of(old.certificate())), NOW, findings).plan();

        InstallTlsFiles change = onlyChange(findings);
        assertThat(change.files()).isEmpty();
        assertThat(change.attributes()).containsExactly(new AttributeChange<>(new TlsFileAttribute("served certificate"),
                Fingerprint.of(old.certificate()).toString(), Fingerprint.of(SERVER.certificate()).toString()));
        assertThat(change.served()).isEqualTo(Fingerprint.of(SERVER.certificate()));
        assertThat(change.effect()).isEqualTo(Effect.RELOAD);
        assertThat(change.reason()).startsWith("the server serves another certificate than the installed one");
    }

    @Test
    void aServerServingTheInstalledCertificatePlansNothing() {
        Findings findings = new Findings();
        new TlsPlanner(resolved(installed(CRT, SERVER.certificatePem(), "0644"), installed(KEY, SERVER.keyPem(), "0600"),
                Optional.empty()).withServed(Fingerprint.of(SERVER.certificate())), NOW, findings).plan();

        assertThat(findings.changes).isEmpty();
    }

    @Test
    void materialWithProblemsIsRefusedAndNothingIsPlanned() {
        Findings findings = new Findings();
        new TlsPlanner(ResolvedTls.refused(List.of("the certificate \"CN=x\" expired on 2026-05-29")), NOW, findings)
                .plan();

        assertThat(findings.problems).containsExactly("tls: the certificate \"CN=x\" expired on 2026-05-29");
        assertThat(findings.changes).isEmpty();
    }

    private static Findings plan(Optional<InstalledFile> crt, Optional<InstalledFile> key,
                                 Optional<KeyAndCertificate> installedPair) {
        Findings findings = new Findings();
        new TlsPlanner(resolved(crt, key, installedPair), NOW, findings).plan();
        return findings;
    }

    private static ResolvedTls resolved(Optional<InstalledFile> crt, Optional<InstalledFile> key,
                                        Optional<KeyAndCertificate> installedPair) {
        return new ResolvedTls(List.of(new TlsFileState(DESIRED_CRT, crt), new TlsFileState(DESIRED_KEY, key)),
                SERVER.certificate(), installedPair.map(KeyAndCertificate::certificate), List.of());
    }

    private static InstallTlsFiles onlyChange(Findings findings) {
        assertThat(findings.changes).hasSize(1);
        return (InstallTlsFiles) findings.changes.get(0);
    }

    private static Optional<InstalledFile> installed(Path path, String content, String mode) {
        return Optional.of(new InstalledFile(path, content, "postgres", "postgres", mode));
    }
}
