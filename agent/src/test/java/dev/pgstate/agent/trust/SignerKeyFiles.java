package dev.pgstate.agent.trust;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A signer's key pair written as OpenSSL writes it ({@code NAME.key}, PKCS#8, mode 0600; {@code NAME.pub}, mode
 * 0644), and an agent configuration that trusts public keys: what the tests of signed specs need.
 */
public record SignerKeyFiles(Path privateKey, Path publicKey) {

    public static SignerKeyFiles create(Path dir, String name) {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        try {
            Path privateKey = dir.resolve(name + ".key");
            Path publicKey = dir.resolve(name + ".pub");
            write(privateKey, "PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(pair.getPrivate()).getEncoded(),
                    "rw-------");
            write(publicKey, "PUBLIC KEY",
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded(), "rw-r--r--");
            return new SignerKeyFiles(privateKey, publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code dir/agent.yaml} naming {@code signers} in trust.spec_signers. */
    public static Path agentConfig(Path dir, SignerKeyFiles... signers) {
        StringBuilder yaml = new StringBuilder("trust:\n  spec_signers:\n");
        for (SignerKeyFiles signer : signers) {
            yaml.append("    - ").append(signer.publicKey()).append('\n');
        }
        Path file = dir.resolve("agent.yaml");
        try {
            Files.writeString(file, yaml);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void write(Path file, String type, byte[] der, String mode) throws IOException {
        StringWriter pem = new StringWriter();
        try (PemWriter writer = new PemWriter(pem)) {
            writer.writeObject(new PemObject(type, der));
        }
        Files.writeString(file, pem.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
