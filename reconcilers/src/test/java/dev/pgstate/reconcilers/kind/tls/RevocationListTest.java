package dev.pgstate.reconcilers.kind.tls;

import static dev.pgstate.reconcilers.kind.tls.KeptInStore.kept;
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
        CertificateAuthority ca = kept(store.inUse(new TlsCaSpec(true, null, null, null, null), NOW)).ca();
        X509Certificate revoked = ca.issueClient("certuser", Validity.days(NOW, 30)).certificate();
        X509Certificate other = ca.issueClient("otheruser", Validity.days(NOW, 30)).certificate();
        store.recordIssued(revoked);
        store.recordIssued(other);

        List<X509Certificate> done = store.revoke(ca, c -> CertificateAuthority.issuedTo(c, "certuser"), NOW)
                .certificates();

        assertThat(done).containsExactly(revoked);
        assertThat(store.issued()).extracting(KnownCertificate::subject).containsExactly("CN=otheruser");
        RevocationList kept = kept(store.crl(ca, NOW));
        assertThat(kept.revokes(revoked.getSerialNumber())).isTrue();
        assertThat(kept.revokes(other.getSerialNumber())).isFalse();
        assertThat(kept.signedBy(ca)).isTrue();
        kept.crl().verify(ca.publicKey());
        assertThat(store.revoke(ca, c -> CertificateAuthority.issuedTo(c, "certuser"), NOW).certificates()).isEmpty();
    }

    @Test
    void theCrlIsRenewedOnceItsNextUpdateIsNearAndKeptUntilThen(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);
        CertificateAuthority ca = kept(store.inUse(new TlsCaSpec(true, null, null, null, null), NOW)).ca();
        X509Certificate revoked = ca.issueClient("certuser", Validity.days(NOW, 30)).certificate();
        store.recordIssued(revoked);
        store.revoke(ca, c -> true, NOW);
        RevocationList first = kept(store.crl(ca, NOW));
        assertThat(first.nextUpdate()).isEqualTo(NOW.plus(RevocationList.VALID_FOR));

        Instant notYet = first.nextUpdate().minus(RevocationList.RENEW_WITHIN).minusSeconds(1);
        assertThat(kept(store.crl(ca, notYet)).pem()).isEqualTo(first.pem());

        Instant due = first.nextUpdate().minus(RevocationList.RENEW_WITHIN);
        RevocationList renewed = kept(store.crl(ca, due));
        assertThat(renewed.nextUpdate()).isEqualTo(due.plus(RevocationList.VALID_FOR));
        assertThat(renewed.revokes(revoked.getSerialNumber())).isTrue();
        assertThat(renewed.crl().getThisUpdate().toInstant()).isBefore(due);
        assertThat(Files.readString(store.crlFile())).isEqualTo(renewed.pem());
        assertThat(kept(store.crl(ca, due.plus(Duration.ofHours(1)))).pem()).isEqualTo(renewed.pem());
    }

    @Test
    void aPlanUsesAFirstCrlWithoutKeepingItAndAnotherCasCrlIsRefused(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);
        CertificateAuthority ca = kept(store.inUse(new TlsCaSpec(true, null, null, null, null), NOW)).ca();

        assertThat(store.crl(ca, NOW).value().crl().getRevokedCertificates()).isNull();
        assertThat(store.crlFile()).doesNotExist();

        CertificateAuthority other = CertificateAuthority.create("other CA", Validity.days(NOW, 365));
        Files.writeString(store.crlFile(), RevocationList.empty(other, NOW).pem());
        assertThatThrownBy(() -> kept(store.crl(ca, NOW))).isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("is not signed by the CA CN=pgstate CA");
    }
}
