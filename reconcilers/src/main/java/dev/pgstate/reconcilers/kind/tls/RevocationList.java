package dev.pgstate.reconcilers.kind.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;

/**
 * The agent's CRL for one CA: the serials it revoked, each with when, signed by the CA. The CRL is its own record:
 * a new one is built from the entries of the last, with the next CRL number. A server with {@code ssl_crl_file}
 * refuses every client once the CRL's nextUpdate has passed, so it is renewed well before.
 */
public record RevocationList(X509CRL crl) {

    /** How long a CRL is valid: a week, as a CRL that lapses locks every client certificate out. */
    public static final Duration VALID_FOR = Duration.ofDays(7);
    /** Renewed when less than this is left, so a daemon that was down for a few days still renews in time. */
    public static final Duration RENEW_WITHIN = Duration.ofDays(4);
    /** The CRL's thisUpdate lies a little in the past, as a box whose clock lags must not find it not yet valid. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public RevocationList {
        Objects.requireNonNull(crl, "crl");
    }

    /** A CRL revoking nothing yet: the server needs one for the CA before it accepts any of its clients. */
    public static RevocationList empty(CertificateAuthority ca, Instant now) {
        return build(ca, Map.of(), BigInteger.ONE, now);
    }

    /** This CRL with {@code serial} revoked as of {@code now} (kept as it was when already revoked). */
    public RevocationList revoking(CertificateAuthority ca, BigInteger serial, Instant now) {
        Map<BigInteger, Instant> entries = entries();
        entries.putIfAbsent(serial, now);
        return build(ca, entries, number().add(BigInteger.ONE), now);
    }

    /** The same revocations in a new CRL valid from {@code now}. */
    public RevocationList renewed(CertificateAuthority ca, Instant now) {
        return build(ca, entries(), number().add(BigInteger.ONE), now);
    }

    public boolean needsRenewal(Instant now) {
        return !nextUpdate().minus(RENEW_WITHIN).isAfter(now);
    }

    public boolean revokes(BigInteger serial) {
        return crl.getRevokedCertificate(serial) != null;
    }

    public Instant nextUpdate() {
        return crl.getNextUpdate().toInstant();
    }

    /** Whether the CA signed it: a CRL of another CA is not this CA's record. */
    public boolean signedBy(CertificateAuthority ca) {
        try {
            crl.verify(ca.publicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public String pem() {
        return Pem.write(crl);
    }

    /** Revoked serials with their revocation dates, in serial order. */
    private Map<BigInteger, Instant> entries() {
        Map<BigInteger, Instant> entries = new TreeMap<>();
        if (crl.getRevokedCertificates() != null) {
            for (X509CRLEntry entry : crl.getRevokedCertificates()) {
                entries.put(entry.getSerialNumber(), entry.getRevocationDate().toInstant());
            }
        }
        return entries;
    }

    private BigInteger number() {
        try {
            Extension number = new JcaX509CRLHolder(crl).getExtension(Extension.cRLNumber);
            return number == null ? BigInteger.ZERO : CRLNumber.getInstance(number.getParsedValue()).getCRLNumber();
        } catch (CRLException e) {
            throw new TlsMaterialException("not a readable CRL: " + e.getMessage(), e);
        }
    }

    private static RevocationList build(CertificateAuthority ca, Map<BigInteger, Instant> entries, BigInteger number,
                                        Instant now) {
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.certificate(), Date.from(now.minus(CLOCK_SKEW)))
                .setNextUpdate(Date.from(now.plus(VALID_FOR)));
        entries.forEach((serial, revoked) -> builder.addCRLEntry(serial, Date.from(revoked), CRLReason.unspecified));
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate().getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            return new RevocationList(new JcaX509CRLConverter().getCRL(
                    builder.build(ca.signer())));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a CRL: " + e.getMessage(), e);
        }
    }
}
