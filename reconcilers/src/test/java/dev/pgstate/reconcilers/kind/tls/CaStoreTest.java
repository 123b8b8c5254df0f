package dev.pgstate.reconcilers.kind.tls;

import static dev.pgstate.reconcilers.kind.tls.KeptInStore.kept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.TlsCaSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA is created once and kept private, read back unchanged, or adopted from files on the box. */
class CaStoreTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final TlsCaSpec CREATE = new TlsCaSpec(true, null, "idbox CA", null, null);

    @Test
    void applyKeepsACreatedCaWithAPrivateKeyAndPlanDoesNot(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);

        store.inUse(CREATE, NOW).ca();
        assertThat(store.keyFile()).doesNotExist();

        CertificateAuthority created = kept(store.inUse(CREATE, NOW)).ca();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.keyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("tls"))))
                .isEqualTo("rwx------");
        assertThat(created.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=idbox CA");
        assertThat(kept(store.inUse(CREATE, NOW)).ca().certificate()).isEqualTo(created.certificate());
        assertThat(store.read().key()).isEqualTo(created.key());
    }

    /** A store cut short (a crash, a hand edit) names the file: it once read "tls: no certificate in the PEM text". */
    @Test
    void aDamagedCaFileIsNamed(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);
        kept(store.inUse(CREATE, NOW));
        String key = Files.readString(store.keyFile());
        Files.writeString(store.keyFile(), key.substring(0, 60));

        assertThatThrownBy(() -> store.inUse(CREATE, NOW)).isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith("the CA key " + store.keyFile() + ": not a readable PEM private key");

        Files.writeString(store.keyFile(), key);
        Files.writeString(store.certificateFile(), "garbage");
        assertThatThrownBy(() -> store.inUse(CREATE, NOW)).isInstanceOf(TlsMaterialException.class)
                .hasMessage("the CA certificate " + store.certificateFile() + ": no certificate in the PEM text");
    }

    @Test
    void aNewNameOrLifetimeForACreatedCaIsRefusedWithTheWayToReplaceIt(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);
        CertificateAuthority created = kept(store.inUse(CREATE, NOW)).ca();

        assertThatThrownBy(() -> store.inUse(new TlsCaSpec(true, null, "idbox CA 2027", null, null), NOW))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith("tls.ca: the CA kept in " + state.resolve("tls") + " was created with "
                        + "common_name \"idbox CA\" and valid_for 3650d, the spec now says \"idbox CA 2027\" and 3650d")
                .hasMessageContaining("or add rotate: {overlap: 30d} to rotate")
                .hasMessageContaining("move " + state.resolve("tls") + " aside");
        assertThatThrownBy(() -> store.inUse(new TlsCaSpec(true, null, "idbox CA", "365d", null), NOW))
                .isInstanceOf(TlsMaterialException.class).hasMessageContaining("the spec now says \"idbox CA\" and 365d");
        assertThat(kept(store.inUse(CREATE, NOW.plusSeconds(86_400))).ca().certificate()).isEqualTo(created.certificate());
    }

    @Test
    void anAdoptedCaIsReadFromItsFilesAndAStrayKeyIsRefused(@TempDir Path dir) throws Exception {
        CertificateAuthority outside = CertificateAuthority.create("corporate CA", Validity.days(NOW, 365));
        CertificateAuthority other = CertificateAuthority.create("other CA", Validity.days(NOW, 365));
        Path cert = Files.writeString(dir.resolve("ca.crt"), Pem.write(outside.certificate()));
        Path key = Files.writeString(dir.resolve("ca.key"), Pem.write(outside.key()));
        Path stray = Files.writeString(dir.resolve("stray.key"), Pem.write(other.key()));
        CaStore store = new CaStore(dir.resolve("state"));

        CertificateAuthority adopted = kept(store.inUse(
                adopting(cert, key), NOW)).ca();

        assertThat(adopted.certificate()).isEqualTo(outside.certificate());
        assertThat(store.keyFile()).doesNotExist();
        assertThatThrownBy(() -> kept(store.inUse(
                adopting(cert, stray), NOW)).ca())
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage("the CA key " + stray + " does not belong to the CA certificate " + cert);
    }

    @Test
    void anAdoptedCaKeyOthersCanReplaceIsRefused(@TempDir Path dir) throws Exception {
        CertificateAuthority outside = CertificateAuthority.create("corporate CA", Validity.days(NOW, 365));
        Path cert = Files.writeString(dir.resolve("ca.crt"), Pem.write(outside.certificate()));
        Path key = Files.writeString(dir.resolve("ca.key"), Pem.write(outside.key()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
        TlsCaSpec adopt = adopting(cert, key);

        assertThatThrownBy(() -> new CaStore(dir.resolve("state")).inUse(adopt, NOW))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage("refused: " + key + " is writable by group or others (mode 0666); the agent obeys only"
                        + " files nobody but their owner can change: chmod go-w " + key.toRealPath());
    }

    @Test
    void aRotationKeepsTheOldCaTrustedUntilItsOverlapEndsAndThenMovesItAside(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);
        CertificateAuthority old = kept(store.inUse(CREATE, NOW)).ca();
        TlsCaSpec next = new TlsCaSpec(true, null, "idbox CA 2027", null, new TlsCaSpec.Rotate("30d"));

        assertThat(store.inUse(next, NOW).step()).isPresent();
        assertThat(store.read().certificate()).as("a plan keeps nothing").isEqualTo(old.certificate());

        CaStore.InUse rotated = kept(store.inUse(next, NOW));
        assertThat(CertificateAuthority.commonName(rotated.ca().certificate())).isEqualTo("idbox CA 2027");
        assertThat(store.read().certificate()).isEqualTo(rotated.ca().certificate());
        assertThat(rotated.step()).get().extracting(CaStep::before, CaStep::after).containsExactly("CN=idbox CA",
                "CN=idbox CA 2027, beside CN=idbox CA until 2026-07-01");
        CaStore.Retiring retiring = rotated.retiring().orElseThrow();
        assertThat(retiring.ca().certificate()).isEqualTo(old.certificate());
        assertThat(retiring.retireAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        X509Certificate cross = retiring.crossCertificate();
        cross.verify(old.publicKey());
        assertThat(cross.getSubjectX500Principal()).isEqualTo(rotated.ca().certificate().getSubjectX500Principal());
        assertThat(cross.getPublicKey()).isEqualTo(rotated.ca().publicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                store.retiringDirectory().resolve("ca.key")))).isEqualTo("rw-------");

        CaStore.InUse during = kept(store.inUse(next, NOW.plus(Duration.ofDays(29))));
        assertThat(during.step()).isEmpty();
        assertThat(during.ca().certificate()).isEqualTo(rotated.ca().certificate());
        assertThat(during.retiring()).get().extracting(CaStore.Retiring::crossCertificate).isEqualTo(cross);
        assertThatThrownBy(() -> store.inUse(new TlsCaSpec(true, null, "idbox CA 2028", null,
                new TlsCaSpec.Rotate("30d")), NOW)).isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("rotate again once that CA is retired");

        CaStore.InUse retired = kept(store.inUse(next, NOW.plus(Duration.ofDays(30))));
        assertThat(retired.retiring()).isEmpty();
        assertThat(retired.step()).get().extracting(CaStep::after).isEqualTo("CN=idbox CA 2027");
        assertThat(store.retiringDirectory()).doesNotExist();
        assertThat(state.resolve("tls/retired-" + NOW.plus(Duration.ofDays(30)).getEpochSecond() + "/ca.key"))
                .exists();
        assertThat(kept(store.inUse(next, NOW.plus(Duration.ofDays(31)))).step()).isEmpty();
    }

    @Test
    void aClientCertificateOfTheRetiringCaIsRevokedInItsOwnCrl(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);
        CertificateAuthority old = kept(store.inUse(CREATE, NOW)).ca();
        X509Certificate oldClient = old.issueClient("certuser", Validity.days(NOW, 30)).certificate();
        store.recordIssued(oldClient);
        TlsCaSpec next = new TlsCaSpec(true, null, "idbox CA 2027", null, new TlsCaSpec.Rotate("30d"));
        CertificateAuthority current = kept(store.inUse(next, NOW)).ca();
        X509Certificate newClient = current.issueClient("certuser", Validity.days(NOW, 30)).certificate();
        store.recordIssued(newClient);

        CaStore.Revoked revoked = store.revoke(current, c -> CertificateAuthority.issuedTo(c, "certuser"), NOW);

        Path retiringCrl = store.retiringDirectory().resolve("ca.crl");
        assertThat(revoked.certificates()).containsExactlyInAnyOrder(oldClient, newClient);
        assertThat(revoked.crlFiles()).containsExactlyInAnyOrder(store.crlFile(), retiringCrl);
        RevocationList oldCrl = new RevocationList(Pem.crls(Files.readString(retiringCrl)).get(0));
        assertThat(oldCrl.signedBy(old)).isTrue();
        assertThat(oldCrl.revokes(oldClient.getSerialNumber())).isTrue();
        RevocationList newCrl = new RevocationList(Pem.crls(Files.readString(store.crlFile())).get(0));
        assertThat(newCrl.signedBy(current)).isTrue();
        assertThat(newCrl.revokes(newClient.getSerialNumber())).isTrue();
        assertThat(newCrl.revokes(oldClient.getSerialNumber())).isFalse();
    }

    private static TlsCaSpec adopting(Path cert, Path key) {
        return new TlsCaSpec(null, new TlsCaSpec.Adopted(cert.toString(), key.toString()), null, null, null);
    }
}
