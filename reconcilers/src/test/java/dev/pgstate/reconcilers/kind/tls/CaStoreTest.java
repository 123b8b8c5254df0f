package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.TlsCaSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA is created once and kept private, read back unchanged, or adopted from files on the box. */
class CaStoreTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final TlsCaSpec CREATE = new TlsCaSpec(true, null, "idbox CA", null);

    @Test
    void applyKeepsACreatedCaWithAPrivateKeyAndPlanDoesNot(@TempDir Path state) throws Exception {
        CaStore store = new CaStore(state);

        store.open(CREATE, false, NOW);
        assertThat(store.keyFile()).doesNotExist();

        CertificateAuthority created = store.open(CREATE, true, NOW);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.keyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("tls"))))
                .isEqualTo("rwx------");
        assertThat(created.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=idbox CA");
        assertThat(store.open(CREATE, true, NOW).certificate()).isEqualTo(created.certificate());
        assertThat(store.read().key()).isEqualTo(created.key());
    }

    @Test
    void aNewNameOrLifetimeForACreatedCaIsRefusedWithTheWayToReplaceIt(@TempDir Path state) {
        CaStore store = new CaStore(state);
        CertificateAuthority created = store.open(CREATE, true, NOW);

        assertThatThrownBy(() -> store.open(new TlsCaSpec(true, null, "idbox CA 2027", null), true, NOW))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith("tls.ca: the CA kept in " + state.resolve("tls") + " was created with "
                        + "common_name \"idbox CA\" and valid_for 3650d, the spec now says \"idbox CA 2027\" and 3650d")
                .hasMessageContaining("to replace it, move " + state.resolve("tls") + " aside");
        assertThatThrownBy(() -> store.open(new TlsCaSpec(true, null, "idbox CA", "365d"), true, NOW))
                .isInstanceOf(TlsMaterialException.class).hasMessageContaining("the spec now says \"idbox CA\" and 365d");
        assertThat(store.open(CREATE, true, NOW.plusSeconds(86_400)).certificate()).isEqualTo(created.certificate());
    }

    @Test
    void anAdoptedCaIsReadFromItsFilesAndAStrayKeyIsRefused(@TempDir Path dir) throws Exception {
        CertificateAuthority outside = CertificateAuthority.create("corporate CA", Validity.days(NOW, 365));
        CertificateAuthority other = CertificateAuthority.create("other CA", Validity.days(NOW, 365));
        Path cert = Files.writeString(dir.resolve("ca.crt"), Pem.write(outside.certificate()));
        Path key = Files.writeString(dir.resolve("ca.key"), Pem.write(outside.key()));
        Path stray = Files.writeString(dir.resolve("stray.key"), Pem.write(other.key()));
        CaStore store = new CaStore(dir.resolve("state"));

        CertificateAuthority adopted = store.open(
                new TlsCaSpec(null, new TlsCaSpec.Adopted(cert.toString(), key.toString()), null, null), true, NOW);

        assertThat(adopted.certificate()).isEqualTo(outside.certificate());
        assertThat(store.keyFile()).doesNotExist();
        assertThatThrownBy(() -> store.open(
                new TlsCaSpec(null, new TlsCaSpec.Adopted(cert.toString(), stray.toString()), null, null), true, NOW))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage("the CA key " + stray + " does not belong to the CA certificate " + cert);
    }

    @Test
    void anAdoptedCaKeyOthersCanReplaceIsRefused(@TempDir Path dir) throws Exception {
        CertificateAuthority outside = CertificateAuthority.create("corporate CA", Validity.days(NOW, 365));
        Path cert = Files.writeString(dir.resolve("ca.crt"), Pem.write(outside.certificate()));
        Path key = Files.writeString(dir.resolve("ca.key"), Pem.write(outside.key()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
        TlsCaSpec adopt = new TlsCaSpec(null, new TlsCaSpec.Adopted(cert.toString(), key.toString()), null, null);

        assertThatThrownBy(() -> new CaStore(dir.resolve("state")).open(adopt, true, NOW))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage("refused: " + key + " is writable by group or others (mode 0666); the agent obeys only"
                        + " files nobody but their owner can change: chmod go-w " + key.toRealPath());
    }
}
