package dev.pgstate.reconcilers.kind.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM text to and from JCA objects, through BouncyCastle's parser and writer. */
public final class Pem {

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
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                if (object instanceof PrivateKeyInfo info) {
                    return jdkKey(converter, info);
                }
                if (object instanceof PEMKeyPair pair) {
                    // a SEC1 EC key may omit its public half, so take only the private key info
                    return jdkKey(converter, pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException e) {
            throw new TlsMaterialException("not a readable PEM private key: " + e.getMessage(), e);
        }
        throw new TlsMaterialException("no unencrypted private key in the PEM text");
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
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
