package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.secret.Secret;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/** PEM text to and from JCA objects, through BouncyCastle's parser and writer. */
public final class Pem {

    /**
     * For the password-based encryption of keys (OpenSSL's key derivation, PBES2), which the JDK lacks: used by
     * instance, never registered, since a registered BouncyCastle changes which classes the JDK hands out.
     */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private Pem() {
    }

    /** Every certificate in the text, in order (a leaf and its chain, or a bundle of roots). */
    public static List<X509Certificate> certificates(String pem) {
        return objects(pem, X509CertificateHolder.class, new JcaX509CertificateConverter()::getCertificate,
                "certificate");
    }

    /** Every CRL in the text, in order. */
    public static List<X509CRL> crls(String pem) {
        return objects(pem, X509CRLHolder.class, new JcaX509CRLConverter()::getCRL, "CRL");
    }

    /** One JCA conversion of a parsed PEM object. */
    private interface Converter<H, T> {
        T convert(H holder) throws GeneralSecurityException;
    }

    /** Every object of one type in the text, converted, in order; at least one. */
    private static <H, T> List<T> objects(String pem, Class<H> type, Converter<H, T> converter, String what) {
        List<T> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (type.isInstance(object)) {
                    objects.add(converter.convert(type.cast(object)));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsMaterialException("not readable PEM " + what + "s: " + e.getMessage(), e);
        }
        if (objects.isEmpty()) {
            throw new TlsMaterialException("no " + what + " in the PEM text");
        }
        return List.copyOf(objects);
    }

    /** The one unencrypted private key in the text, PKCS#8 or a traditional (PKCS#1, SEC1) key pair. */
    public static PrivateKey privateKey(String pem) {
        return privateKey(pem, Optional.empty());
    }

    /**
     * The one private key in the text: with a passphrase, an encrypted one (PKCS#8 {@code ENCRYPTED PRIVATE KEY} or
     * a traditional key with {@code Proc-Type: 4,ENCRYPTED}), as OpenSSL reads both; without, an unencrypted one.
     * Messages never hold the passphrase, nor BouncyCastle's words about it.
     */
    public static PrivateKey privateKey(String pem, Optional<Secret> passphrase) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                Optional<PrivateKeyInfo> info = keyInfo(object, passphrase);
                if (info.isPresent()) {
                    return jdkKey(new JcaPEMKeyConverter(), info.get());
                }
            }
        } catch (IOException e) {
            throw new TlsMaterialException("not a readable PEM private key: " + e.getMessage(), e);
        }
        throw new TlsMaterialException("no private key in the PEM text");
    }

    /** The key info of a parsed PEM object, decrypted when it is encrypted; empty when it is no key. */
    private static Optional<PrivateKeyInfo> keyInfo(Object object, Optional<Secret> passphrase) {
        boolean encrypted = object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair;
        boolean key = encrypted || object instanceof PrivateKeyInfo || object instanceof PEMKeyPair;
        if (!key) {
            return Optional.empty();
        }
        if (encrypted && passphrase.isEmpty()) {
            throw new TlsMaterialException("the private key is encrypted: give tls.key.passphrase (file, env or "
                    + "credential) for it");
        }
        if (!encrypted && passphrase.isPresent()) {
            throw new TlsMaterialException("tls.key.passphrase is given but the private key is not encrypted");
        }
        if (object instanceof PrivateKeyInfo info) {
            return Optional.of(info);
        }
        if (object instanceof PEMKeyPair pair) {
            // a SEC1 EC key may omit its public half, so take only the private key info
            return Optional.of(pair.getPrivateKeyInfo());
        }
        char[] chars = passphrase.get().chars();
        try {
            if (object instanceof PKCS8EncryptedPrivateKeyInfo info) {
                return Optional.of(info.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BOUNCY_CASTLE).build(chars)));
            }
            return Optional.of(((PEMEncryptedKeyPair) object).decryptKeyPair(
                    new JcePEMDecryptorProviderBuilder().setProvider(BOUNCY_CASTLE).build(chars)).getPrivateKeyInfo());
        } catch (IOException | PKCSException | OperatorCreationException | RuntimeException e) {
            // a wrong passphrase shows as a bad padding or as garbage that is no key: the same to the owner
            throw new TlsMaterialException("the passphrase from tls.key.passphrase does not decrypt the private key");
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * The key as the JDK's own provider reads it. Once BouncyCastle is a registered provider (MINA SSHD and jsch
     * register it) the converter hands back its ECDSA key, which encodes differently: a kept key would then differ
     * from the file it was read from at every plan.
     */
    private static PrivateKey jdkKey(JcaPEMKeyConverter converter, PrivateKeyInfo info) throws IOException {
        String algorithm = converter.getPrivateKey(info).getAlgorithm();
        try {
            return java.security.KeyFactory.getInstance(algorithm.equals("ECDSA") ? "EC" : algorithm)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new TlsMaterialException("not a readable PEM private key: " + e.getMessage(), e);
        }
    }

    /** Certificates as PEM text, in the order given. */
    public static String write(X509Certificate... certificates) {
        return writeObjects((Object[]) certificates);
    }

    private static String writeObjects(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** CRLs as PEM text, in the order given. */
    public static String write(X509CRL... crls) {
        return writeObjects((Object[]) crls);
    }

    /** An unencrypted private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), which every OpenSSL reads. */
    public static String write(PrivateKey key) {
        return writeKey(key, null);
    }

    /**
     * A private key encrypted with {@code passphrase} as PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}): PBES2,
     * PBKDF2 with HMAC-SHA256 and AES-256-CBC, which OpenSSL 1.0 and later read. Each call salts anew, so the text
     * differs every time for the same key.
     */
    public static String write(PrivateKey key, Secret passphrase) {
        char[] chars = passphrase.chars();
        try {
            return writeKey(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256).setProvider(BOUNCY_CASTLE).setPassword(chars).build());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("AES-256-CBC with PBKDF2 is missing from BouncyCastle", e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static String writeKey(PrivateKey key, OutputEncryptor encryptor) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, encryptor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
