package dev.pgstate.agent.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.Specs;
import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.load.SpecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures of spec bytes, their one-line file, and the check a box with spec signers runs on every spec. */
class SpecSignatureTest {

    private static final byte[] SPEC = "roles:\n  - name: app\n    login: true\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aSignatureVerifiesItsBytesAndNoOthers() {
        SignerKeyFiles owner = SignerKeyFiles.create(dir, "owner");
        SignerKeys.Signer signer = SignerKeys.publicKey(owner.publicKey(), FileTrust.ofThisProcess());
        SpecSignature signature = SpecSignature.sign(SPEC, privateKey(owner));

        SpecSignature reread = SpecSignature.parse(signature.text()).orElseThrow();
        assertThat(reread.keyFingerprint()).isEqualTo(signer.fingerprint()).startsWith("SHA256:");
        assertThat(reread.verifies(SPEC, signer.key())).isTrue();
        for (int i = 0; i < SPEC.length; i++) {
            byte[] tampered = SPEC.clone();
            tampered[i] ^= 1;
            assertThat(reread.verifies(tampered, signer.key())).as("byte %d flipped", i).isFalse();
        }
        SignerKeyFiles other = SignerKeyFiles.create(dir, "other");
        assertThat(reread.verifies(SPEC, SignerKeys.publicKey(other.publicKey(), FileTrust.ofThisProcess()).key()))
                .isFalse();
    }

    @Test
    void onlyTheOneLineFormatParses() {
        String good = SpecSignature.sign(SPEC, privateKey(SignerKeyFiles.create(dir, "owner"))).text();
        assertThat(good).matches("pgstate-spec-signature-v1 ed25519 SHA256:[A-Za-z0-9+/]{43} [A-Za-z0-9+/]{86}==\n");
        String[] words = good.strip().split(" ");
        assertThat(SpecSignature.parse(good.replace("ed25519", "rsa"))).isEmpty();
        assertThat(SpecSignature.parse(good.replace("-v1", "-v2"))).isEmpty();
        assertThat(SpecSignature.parse(good.replace(words[3], words[3].substring(4)))).isEmpty();
        assertThat(SpecSignature.parse(good.replace(words[3], "not base64!"))).isEmpty();
        assertThat(SpecSignature.parse("")).isEmpty();
    }

    @Test
    void theCheckRefusesUnsignedAlteredAndStrangersSpecs() throws Exception {
        SignerKeyFiles owner = SignerKeyFiles.create(dir, "owner");
        SignerKeyFiles stranger = SignerKeyFiles.create(dir, "stranger");
        Path config = dir.resolve("agent.yaml");
        SignatureCheck check = new SignatureCheck(List.of(SignerKeys.publicKey(owner.publicKey(),
                FileTrust.ofThisProcess())), config);
        Path spec = dir.resolve("spec.yaml");
        Path sig = dir.resolve("spec.yaml.sig");

        assertThatThrownBy(() -> check.check(spec, SPEC)).isInstanceOf(SpecException.class)
                .hasMessageContaining("spec.yaml:1:1: refused: it is not signed (no " + sig + ")")
                .hasMessageContaining(config + " accepts only specs signed by one of its trust.spec_signers");

        Files.writeString(sig, SpecSignature.sign(SPEC, privateKey(owner)).text());
        check.check(spec, SPEC);
        byte[] altered = SPEC.clone();
        altered[altered.length - 2] = 'x';
        assertThatThrownBy(() -> check.check(spec, altered)).isInstanceOf(SpecException.class)
                .hasMessageContaining("refused: " + spec + " does not match its signature " + sig);

        SpecSignature strangers = SpecSignature.sign(SPEC, privateKey(stranger));
        Files.writeString(sig, strangers.text());
        assertThatThrownBy(() -> check.check(spec, SPEC)).isInstanceOf(SpecException.class)
                .hasMessageContaining(sig + " was made with the key " + strangers.keyFingerprint()
                        + ", which is not among trust.spec_signers in " + config);

        // the stranger's signature under the owner's name is a signature that does not match
        String ownerFingerprint = SpecSignature.sign(SPEC, privateKey(owner)).keyFingerprint();
        Files.writeString(sig, strangers.text().replace(strangers.keyFingerprint(), ownerFingerprint));
        assertThatThrownBy(() -> check.check(spec, SPEC)).hasMessageContaining("does not match its signature");

        Files.writeString(sig, "signed, honestly\n");
        assertThatThrownBy(() -> check.check(spec, SPEC)).hasMessageContaining(sig + " is not a pgstate spec signature");
    }

    @Test
    void keysAreRefusedWhenOthersCouldUseOrReplaceThem() throws Exception {
        SignerKeyFiles owner = SignerKeyFiles.create(dir, "owner");
        Files.setPosixFilePermissions(owner.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SignerKeys.privateKey(owner.privateKey(), FileTrust.ofThisProcess()))
                .hasMessageContaining("refused: " + owner.privateKey() + " is open to group or others");
        Files.setPosixFilePermissions(owner.publicKey(), PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> SignerKeys.publicKey(owner.publicKey(), FileTrust.ofThisProcess()))
                .hasMessageContaining("is writable by group or others");
        Files.setPosixFilePermissions(owner.publicKey(), PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> SignerKeys.privateKey(owner.publicKey(), FileTrust.ofThisProcess()))
                .hasMessageContaining("is not an unencrypted PKCS#8 private key");
    }

    @Test
    void theAgentConfigurationNamesSignersRelativeToItself() throws Exception {
        Files.writeString(dir.resolve("agent.yaml"), "trust:\n  spec_signers: [owner.pub]\n");
        AgentConfig config = AgentConfig.load(dir.resolve("agent.yaml"), FileTrust.ofThisProcess());
        assertThat(config.trust().specSigners()).containsExactly(dir.resolve("owner.pub"));

        Files.writeString(dir.resolve("agent.yaml"), "trust:\n  spec_signer: [owner.pub]\n");
        assertThatThrownBy(() -> AgentConfig.load(dir.resolve("agent.yaml"), FileTrust.ofThisProcess()))
                .isInstanceOf(AgentConfig.ConfigException.class).hasMessageContaining("agent.yaml")
                .hasMessageContaining("spec_signer");
        Files.writeString(dir.resolve("agent.yaml"), "");
        assertThat(AgentConfig.load(dir.resolve("agent.yaml"), FileTrust.ofThisProcess())).isEqualTo(AgentConfig.NONE);
        Files.setPosixFilePermissions(dir.resolve("agent.yaml"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> AgentConfig.load(dir.resolve("agent.yaml"), FileTrust.ofThisProcess()))
                .hasMessageStartingWith("agent configuration refused: ").hasMessageContaining("writable by group or others");
    }

    /** A key file's name is a file name, whatever it holds: never read as a URI (Jackson's reading of a Path). */
    @Test
    void signerKeyNamesWithAColonAreFileNames() throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "trust:\n  spec_signers: [\"owner:2026.pub\", \"file:owner.pub\", \"/keys/a:b.pub\"]\n");
        assertThat(AgentConfig.load(config, FileTrust.ofThisProcess()).trust().specSigners())
                .containsExactly(dir.resolve("owner:2026.pub"), dir.resolve("file:owner.pub"), Path.of("/keys/a:b.pub"));
    }

    /**
     * An empty list of signers would switch signatures off as quietly as no list: it is refused, naming the file and
     * line, and only leaving the key out asks for no signature.
     */
    @Test
    void signersListingNoKeyAreRefusedAndOnlyNoListAsksForNoSignature() throws Exception {
        Path config = dir.resolve("agent.yaml");
        // the line named is the key's, not a comment's above it that mentions spec_signers
        for (String empty : List.of("trust: {spec_signers: []}\n", "# box 7\ntrust:\n  spec_signers: []\n",
                "# box 7\ntrust:\n  spec_signers:\n",
                "# spec_signers: rotated on 2026-12-01\ntrust:\n  spec_signers:\n")) {
            Files.writeString(config, empty);
            assertThatThrownBy(() -> AgentConfig.load(config, FileTrust.ofThisProcess())).as(empty)
                    .isInstanceOf(AgentConfig.ConfigException.class)
                    .hasMessage(config + ":" + (empty.startsWith("#") ? 3 : 1) + ": trust.spec_signers lists no key, "
                            + "which would accept unsigned specs; name at least one public key, or leave spec_signers "
                            + "out to ask for no signature");
        }

        Files.writeString(config, "trust: {}\n");
        assertThat(AgentConfig.load(config, FileTrust.ofThisProcess()).specCheck(config, FileTrust.ofThisProcess()))
                .isEqualTo(Specs.ContentCheck.NONE);
    }

    @Test
    void aSpecSignersEntryThatNamesNoKeyFileIsRefusedInWordsAtItsLine() throws Exception {
        Path config = dir.resolve("agent.yaml");
        for (String blank : List.of("trust: {spec_signers: [~]}\n", "# box 7\ntrust:\n  spec_signers:\n    -\n",
                "trust: {spec_signers: [\"\"]}\n", "trust: {spec_signers: [\" \"]}\n", "trust: {spec_signers: \"\"}\n",
                "trust: {spec_signers: [{a: 1}]}\n", "trust: {spec_signers: [\"owner\\0.pub\"]}\n")) {
            Files.writeString(config, blank);
            assertThatThrownBy(() -> AgentConfig.load(config, FileTrust.ofThisProcess())).as(blank)
                    .isInstanceOf(AgentConfig.ConfigException.class)
                    .hasMessage(config + ":" + (blank.startsWith("#") ? 3 : 1) + ": trust.spec_signers must list the "
                            + "file names of public keys (PEM), one per item");
        }
    }

    private static Ed25519PrivateKeyParameters privateKey(SignerKeyFiles keys) {
        return SignerKeys.privateKey(keys.privateKey(), FileTrust.ofThisProcess());
    }
}
