package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.reconcilers.secret.Secret;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;

/**
 * An encrypted server key is read with its passphrase in both forms OpenSSL writes, refused without it or with
 * another, and the passphrase never appears in a message; the command the server would run is refused for a path
 * the shell would read otherwise. No server needed.
 */
class EncryptedKeyTest {

    private static final String PASSPHRASE = "correct horse battery staple";
    private static final Secret SECRET = Secret.of(PASSPHRASE.toCharArray());
    private static final KeyAndCertificate SERVER = CertificateAuthority.create("test CA",
            Validity.days(Instant.now(), 30)).issueServer(List.of("localhost"), List.of(), Validity.days(Instant.now(), 30));

    @Test
    void anEncryptedPkcs8KeyIsReadWithItsPassphraseAndSaltedAnewEachTime() {
        String encrypted = Pem.write(SERVER.key(), SECRET);

        assertThat(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----").isNotEqualTo(
                Pem.write(SERVER.key(), SECRET));
        assertThat(Pem.privateKey(encrypted, Optional.of(SECRET)).getEncoded()).isEqualTo(SERVER.key().getEncoded());
    }

    /** As {@code openssl rsa -aes256} writes it (an RSA key: what older guides make). */
    @Test
    void aTraditionalEncryptedKeyIsReadWithItsPassphrase() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey rsa = generator.generateKeyPair().getPrivate();
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaMiscPEMGenerator(rsa,
                    new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(new BouncyCastleProvider())
                            .build(PASSPHRASE.toCharArray())));
        }

        assertThat(text.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----").contains("Proc-Type: 4,ENCRYPTED");
        assertThat(Pem.privateKey(text.toString(), Optional.of(SECRET)).getEncoded()).isEqualTo(rsa.getEncoded());
    }

    @Test
    void aWrongOrMissingPassphraseIsRefusedWithoutShowingOne() {
        String encrypted = Pem.write(SERVER.key(), SECRET);
        Secret wrong = Secret.of("not the passphrase".toCharArray());

        assertThatThrownBy(() -> Pem.privateKey(encrypted, Optional.of(wrong))).isInstanceOf(TlsMaterialException.class)
                .hasMessage("the passphrase from tls.key.passphrase does not decrypt the private key")
                .hasNoCause();
        assertThatThrownBy(() -> Pem.privateKey(encrypted)).isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith("the private key is encrypted: give tls.key.passphrase");
        assertThatThrownBy(() -> Pem.privateKey(SERVER.keyPem(), Optional.of(SECRET)))
                .hasMessage("tls.key.passphrase is given but the private key is not encrypted");
    }

    @Test
    void theCommandReadsTheFileBesideTheKeyAndRefusesPathsAndPassphrasesTheServerWouldMisread() {
        Path file = PassphraseCommand.fileFor(Path.of("/var/lib/postgresql/16/main/server.key"));

        assertThat(PassphraseCommand.parameters(file)).containsExactly(
                Map.entry("ssl_passphrase_command", "/bin/cat /var/lib/postgresql/16/main/server.key.passphrase"),
                Map.entry("ssl_passphrase_command_supports_reload", "on"));
        assertThat(PassphraseCommand.problems(file, SECRET)).isEmpty();
        for (String hostile : List.of("/tmp/a b.key", "/tmp/k;touch /tmp/x", "/tmp/%p.key", "/tmp/$(id).key",
                "/tmp/'.key", "/tmp/a\nb.key")) {
            assertThat(PassphraseCommand.problems(PassphraseCommand.fileFor(Path.of(hostile)), SECRET))
                    .as(hostile).singleElement().asString().contains("may hold only letters, digits");
        }
        assertThat(PassphraseCommand.problems(file, Secret.of("two\nlines".toCharArray())))
                .singleElement().asString().contains("line break").doesNotContain("two");
        assertThat(PassphraseCommand.problems(file, Secret.of("x".repeat(1024).toCharArray())))
                .singleElement().asString().contains("longer than 1023 bytes");
    }
}
