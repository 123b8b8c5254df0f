package dev.pgstate.agent.trust;

import dev.pgstate.model.files.FileTrust;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMParser;

/**
 * Ed25519 keys in the PEM files OpenSSL writes ({@code openssl genpkey -algorithm ed25519}: PKCS#8 "PRIVATE KEY";
 * {@code openssl pkey -pubout}: "PUBLIC KEY"), read with BouncyCastle. A private key must be its owner's alone and a
 * public key one nobody else can replace ({@link FileTrust}): whoever swaps a signer's key signs for the box.
 */
public final class SignerKeys {

    private SignerKeys() {
    }

    /** A public key and the name it goes by in messages and signature files. */
    public record Signer(Ed25519PublicKeyParameters key, String fingerprint) {
        static Signer of(Ed25519PublicKeyParameters key) {
            return new Signer(key, SignerKeys.fingerprint(key));
        }
    }

    /** @throws KeyException naming the file and what is wrong with it */
    public static Ed25519PrivateKeyParameters privateKey(Path file, FileTrust trust) {
        return read(file, trust, FileTrust.Readers.OWNER_ONLY, PrivateKeyInfo.class, PrivateKeyFactory::createKey,
                Ed25519PrivateKeyParameters.class, "an unencrypted PKCS#8 private key (\"BEGIN PRIVATE KEY\"); make "
                        + "one with: openssl genpkey -algorithm ed25519 -out " + file.getFileName());
    }

    /** @throws KeyException naming the file and what is wrong with it */
    public static Signer publicKey(Path file, FileTrust trust) {
        return Signer.of(read(file, trust, FileTrust.Readers.ANYONE, SubjectPublicKeyInfo.class,
                PublicKeyFactory::createKey, Ed25519PublicKeyParameters.class, "a public key (\"BEGIN PUBLIC KEY\"); "
                        + "make it from the private key with: openssl pkey -in KEY -pubout -out " + file.getFileName()));
    }

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the raw 32-byte key, as OpenSSH names keys. */
    public static String fingerprint(Ed25519PublicKeyParameters key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** How BouncyCastle makes a key of what a PEM block holds. */
    @FunctionalInterface
    private interface Decoder<I> {
        AsymmetricKeyParameter decode(I pem) throws IOException;
    }

    /**
     * The key in {@code file}, which must be one others cannot use or replace ({@code readers}), hold a PEM block of
     * {@code pemType} (else the problem is that it is not {@code expected}) and decode to an Ed25519 key.
     */
    private static <I, T extends AsymmetricKeyParameter> T read(Path file, FileTrust trust, FileTrust.Readers readers,
                                                                Class<I> pemType, Decoder<I> decoder, Class<T> keyType,
                                                                String expected) {
        trust.fileProblem(file, readers).ifPresent(problem -> {
            throw new KeyException("refused: " + problem);
        });
        Object pem = readPem(file);
        if (!pemType.isInstance(pem)) {
            throw new KeyException(file + " is not " + expected);
        }
        AsymmetricKeyParameter key;
        try {
            key = decoder.decode(pemType.cast(pem));
        } catch (IOException | RuntimeException e) {
            throw new KeyException(file + " holds no usable key: " + e.getMessage());
        }
        if (!keyType.isInstance(key)) {
            throw new KeyException(file + " is not an Ed25519 key; signing uses Ed25519 only");
        }
        return keyType.cast(key);
    }

    private static Object readPem(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (object == null) {
                throw new KeyException(file + " holds no PEM block");
            }
            return object;
        } catch (IOException e) {
            throw new KeyException("cannot read the key file " + file + ": " + e.getMessage());
        }
    }

    /** A key file that cannot be used; the message names the file and the fix. */
    public static final class KeyException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        KeyException(String message) {
            super(message);
        }
    }
}
