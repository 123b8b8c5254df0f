package dev.pgstate.reconcilers.kind.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The agent's CA: a self-signed root and its key, issuing server certificates (with the box's names as SANs) and
 * client certificates (CN = the database user, as the {@code cert} method matches). Keys are EC P-256: every
 * supported PostgreSQL and pgjdbc reads them, and generating one takes milliseconds.
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey key) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public CertificateAuthority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }

    /** A new self-signed root. */
    public static CertificateAuthority create(String commonName, Validity validity) {
        KeyPair pair = newKeyPair();
        X500Name subject = name(commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, pair.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
    }

    /**
     * {@code successor}'s name and key certified by this CA: served after the leaf during a rotation, it lets a
     * client that trusts only this (older) root verify a server certificate the successor issued, while one that
     * trusts the successor's root verifies it directly. Valid as long as both CAs are.
     */
    public X509Certificate crossSign(CertificateAuthority successor, Instant now) {
        X509Certificate next = successor.certificate();
        Date notAfter = next.getNotAfter().before(certificate.getNotAfter()) ? next.getNotAfter()
                : certificate.getNotAfter();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                Date.from(now.minusSeconds(60)), notAfter, next.getSubjectX500Principal(), next.getPublicKey());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            authorityKeyIdentifier())
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(next.getPublicKey()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return sign(builder, key);
    }

    /** A server certificate covering every host name and address; its CN is the first of them. */
    public KeyAndCertificate issueServer(List<String> hostnames, List<String> addresses, Validity validity) {
        List<GeneralName> names = new ArrayList<>();
        hostnames.forEach(h -> names.add(new GeneralName(GeneralName.dNSName, h)));
        addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a)));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name or address");
        }
        String commonName = hostnames.isEmpty() ? addresses.get(0) : hostnames.get(0);
        return issue(commonName, validity, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /** A client certificate for the database user {@code user}. */
    public KeyAndCertificate issueClient(String user, Validity validity) {
        return issue(user, validity, KeyPurposeId.id_kp_clientAuth, null);
    }

    private KeyAndCertificate issue(String commonName, Validity validity, KeyPurposeId purpose,
                                    GeneralNames alternativeNames) {
        KeyPair pair = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                Date.from(validity.notBefore()), Date.from(validity.notAfter()), name(commonName), pair.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            authorityKeyIdentifier())
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new KeyAndCertificate(pair.getPrivate(), sign(builder, key));
    }

    /** The CN of a certificate's subject, as {@link #create} and the issue methods set it. */
    public static String commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        return Arrays.stream(subject.getRDNs(BCStyle.CN)).map(rdn -> rdn.getFirst().getValue())
                .map(value -> value instanceof ASN1String text ? text.getString() : value.toString())
                .findFirst().orElse("");
    }

    /** Whether {@code certificate} was issued to the database user {@code user}, as {@link #issueClient} names it. */
    public static boolean issuedTo(X509Certificate certificate, String user) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).equals(name(user));
    }

    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal() + ", key (sensitive)]";
    }

    /** Signs with this CA's key, in the algorithm its type needs (an adopted CA's may be RSA). */
    ContentSigner signer() {
        return signer(key);
    }

    /**
     * This CA's key identifier alone, without its issuer name and serial: OpenSSL (libpq's) holds a certificate to
     * those too, so naming them would stop what this CA issues from chaining through its cross certificate, whose
     * issuer and serial are the older CA's, and a client trusting only the older root would be refused.
     */
    private AuthorityKeyIdentifier authorityKeyIdentifier() throws NoSuchAlgorithmException {
        return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey());
    }

    private static ContentSigner signer(PrivateKey signingKey) {
        String algorithm = switch (signingKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448" -> signingKey.getAlgorithm();
            default -> "SHA256withECDSA";
        };
        try {
            return new JcaContentSignerBuilder(algorithm).build(signingKey);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with a " + signingKey.getAlgorithm() + " key: "
                    + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signingKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    /** Positive and random, as RFC 5280 asks, so two issues in the same second never share a serial. */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }
}
