package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Material is refused before use, one precise message per fault. No server needed. */
class CertificateCheckTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final CertificateAuthority CA = CertificateAuthority.create("test CA", Validity.days(NOW, 3650));
    private static final CertificateCheck CHECK =
            new CertificateCheck(List.of("localhost", "db.example.com"), List.of("127.0.0.1"), 30);

    @Test
    void anIssuedServerCertificatePassesEveryCheck() {
        KeyAndCertificate server = issue(List.of("localhost", "db.example.com"), Validity.days(NOW, 397));

        assertThat(problems(server)).isEmpty();
        assertThat(CertificateCheck.daysToExpiry(server.certificate(), NOW)).isEqualTo(397);
    }

    @Test
    void aKeyFromAnotherCertificateIsRefused() {
        KeyAndCertificate server = issue(List.of("localhost", "db.example.com"), Validity.days(NOW, 397));
        KeyAndCertificate other = issue(List.of("localhost", "db.example.com"), Validity.days(NOW, 397));

        assertThat(CHECK.problems(other.key(), List.of(server.certificate()), List.of(CA.certificate()), NOW))
                .containsExactly("the private key does not belong to the certificate \"CN=localhost\"");
    }

    /** RevocationIT failed after the push tests in one JVM: the key read back from PEM was "ECDSA", the certificate's "EC". */
    @Test
    void aKeyReadBackWhileBouncyCastleIsAProviderStillBelongsToItsCertificate() {
        KeyAndCertificate server = issue(List.of("localhost", "db.example.com"), Validity.days(NOW, 397));
        boolean added = java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()) > 0;
        try {
            java.security.PrivateKey readBack = Pem.privateKey(server.keyPem());
            assertThat(Pem.privateKey(server.keyPem()).getEncoded()).isEqualTo(server.key().getEncoded());
            assertThat(CHECK.problems(readBack, List.of(server.certificate()), List.of(CA.certificate()), NOW)).isEmpty();
        } finally {
            if (added) {
                java.security.Security.removeProvider(org.bouncycastle.jce.provider.BouncyCastleProvider.PROVIDER_NAME);
            }
        }
    }

    @Test
    void anExpiredCertificateIsRefused() {
        KeyAndCertificate server = issue(List.of("localhost", "db.example.com"),
                new Validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(3))));

        assertThat(problems(server)).containsExactly("the certificate \"CN=localhost\" expired on 2026-05-29");
    }

    @Test
    void aCertificateInsideTheRenewalWindowIsNotGoodEnough() {
        KeyAndCertificate server = issue(List.of("localhost", "db.example.com"), Validity.days(NOW, 10));

        assertThat(problems(server)).containsExactly("the certificate \"CN=localhost\" expires on 2026-06-11, "
                + "in 10 days, within the renewal window of 30 days");
    }

    @Test
    void everyNameTheCertificateDoesNotCoverIsNamed() {
        KeyAndCertificate server = CA.issueServer(List.of("other.example.com"), List.of(), Validity.days(NOW, 397));

        assertThat(problems(server)).containsExactly(
                "the certificate \"CN=other.example.com\" does not cover the host name localhost "
                        + "(its DNS names: other.example.com)",
                "the certificate \"CN=other.example.com\" does not cover the host name db.example.com "
                        + "(its DNS names: other.example.com)",
                "the certificate \"CN=other.example.com\" does not cover the address 127.0.0.1");
    }

    @Test
    void aWildcardCoversOneLabel() {
        KeyAndCertificate server = CA.issueServer(List.of("localhost", "*.example.com"), List.of("127.0.0.1"),
                Validity.days(NOW, 397));

        assertThat(problems(server)).isEmpty();
    }

    @Test
    void aCertificateFromAnotherCaDoesNotChain() {
        CertificateAuthority stranger = CertificateAuthority.create("stranger CA", Validity.days(NOW, 3650));
        KeyAndCertificate server = stranger.issueServer(List.of("localhost", "db.example.com"),
                List.of("127.0.0.1"), Validity.days(NOW, 397));

        assertThat(problems(server)).singleElement().asString()
                .startsWith("the certificate \"CN=localhost\" does not chain to the CA \"CN=test CA\": ");
    }

    @Test
    void pemRoundTripsKeysAndCertificates() {
        KeyAndCertificate server = issue(List.of("localhost"), Validity.days(NOW, 397));

        X509Certificate read = Pem.certificates(server.certificatePem() + Pem.write(CA.certificate())).get(0);
        assertThat(read).isEqualTo(server.certificate());
        assertThat(Pem.certificates(server.certificatePem() + Pem.write(CA.certificate()))).hasSize(2);
        assertThat(Pem.privateKey(server.keyPem())).isEqualTo(server.key());
        assertThat(CertificateCheck.keyMatches(Pem.privateKey(server.keyPem()), read.getPublicKey())).isTrue();
        assertThat(server.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void aClientCertificateCarriesTheUserAsItsCommonName() {
        KeyAndCertificate client = CA.issueClient("certuser", Validity.days(NOW, 365));

        assertThat(client.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=certuser");
        assertThat(client.keyPkcs8Der()).isEqualTo(client.key().getEncoded());
    }

    @Test
    void aKeyFileReadableByOthersBreaksTheServersRule(@TempDir Path directory) throws Exception {
        Path key = Files.writeString(directory.resolve("server.key"), "key");
        String me = Files.getOwner(key).getName();

        // world-readable is refused whoever owns it (the tests may run as root or as the server's user)
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(KeyFilePermissions.problem(key, me)).get().asString()
                .startsWith("private key file " + key + " has mode rw-r--r--");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertThat(KeyFilePermissions.problem(key, me)).isEmpty();
    }

    private static KeyAndCertificate issue(List<String> hostnames, Validity validity) {
        return CA.issueServer(hostnames, List.of("127.0.0.1"), validity);
    }

    private static List<String> problems(KeyAndCertificate server) {
        return CHECK.problems(server.key(), List.of(server.certificate()), List.of(CA.certificate()), NOW);
    }
}
