package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.reconcilers.core.plan.KnownCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA's CRL kept in the state directory: revocations recorded, renewed before it lapses, never every run. */
class RevocationListTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aRevokedCertificateJoinsTheKeptCrlAndLeavesTheIssuedRecord(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);
        CertificateAuthority ca = store.open(new TlsCaSpec(true, null, null, null, null), true, NOW);
        X509Certificate revoked = ca.issueClient("certuser", Validity.days(NOW, 30)).certificate();
        X509Certificate other = ca.issueClient("otheruser", Validity.days(NOW, 30)).certificate();
        store.recordIssued(revoked);
        store.recordIssued(other);

        List<X509Certificate> done = store.revoke(ca, c -> CertificateAuthority.issuedTo(c, "certuser"), NOW);

        assertThat(done).containsExactly(revoked);
        assertThat(store.issued()).extracting(KnownCertificate::subject).containsExactly("CN=otheruser");
        RevocationList kept = store.crl(ca, true, NOW);
        assertThat(kept.revokes(revoked.getSerialNumber())).isTrue();
        assertThat(kept.revokes(other.getSerialNumber())).isFalse();
        assertThat(kept.signedBy(ca)).isTrue();
        kept.crl().verify(ca.publicKey());
        assertThat(store.revoke(ca, c -> CertificateAuthority.issuedTo(c, "certuser"), NOW)).isEmpty();
    }

    @Test
    void theCrlIsRenewedOnceItsNextUpdateIsNearAndKeptUntilThen(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);
        CertificateAuthority ca = store.open(new TlsCaSpec(true, null, null, null, null), true, NOW);
        X509Certificate revoked = ca.issueClient("certuser", Validity.days(NOW, 30)).certificate();
        store.recordIssued(revoked);
        store.revoke(ca, c -> true, NOW);
        RevocationList first = store.crl(ca, true, NOW);
        assertThat(first.nextUpdate()).isEqualTo(NOW.plus(RevocationList.VALID_FOR));

        Instant notYet = first.nextUpdate().minus(RevocationList.RENEW_WITHIN).minusSeconds(1);
        assertThat(store.crl(ca, true, notYet).pem()).isEqualTo(first.pem());

        Instant due = first.nextUpdate().minus(RevocationList.RENEW_WITHIN);
        RevocationList renewed = store.crl(ca, true, due);
        assertThat(renewed.nextUpdate()).isEqualTo(due.plus(RevocationList.VALID_FOR));
        assertThat(renewed.revokes(revoked.getSerialNumber())).isTrue();
        assertThat(renewed.crl().getThisUpdate().toInstant()).isBefore(due);
        assertThat(Files.readString(store.crlFile())).isEqualTo(renewed.pem());
        assertThat(store.crl(ca, true, due.plus(Duration.ofHours(1))).pem()).isEqualTo(renewed.pem());
    }

    @Test
    void aPlanUsesAFirstCrlWithoutKeepingItAndAnotherCasCrlIsRefused(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);
        CertificateAuthority ca = store.open(new TlsCaSpec(true, null, null, null, null), true, NOW);

        assertThat(store.crl(ca, false, NOW).crl().getRevokedCertificates()).isNull();
        assertThat(store.crlFile()).doesNotExist();

        CertificateAuthority other = CertificateAuthority.create("other CA", Validity.days(NOW, 365));
        Files.writeString(store.crlFile(), RevocationList.empty(other, NOW).pem());
        assertThatThrownBy(() -> store.crl(ca, true, NOW)).isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("is not signed by the CA CN=pgstate CA");
    }
}
