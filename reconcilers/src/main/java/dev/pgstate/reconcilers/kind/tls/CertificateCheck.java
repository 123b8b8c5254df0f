package dev.pgstate.reconcilers.kind.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a server certificate and key may be handed to the server: the key belongs to the certificate, the chain
 * verifies up to a trusted root, the certificate is valid now and beyond the renewal window, and its SANs cover
 * every configured name. Each failure is one message naming what is wrong, so nothing is written until all pass.
 *
 * @param hostnames       DNS names the certificate must cover
 * @param addresses       IP addresses (literals) the certificate must cover
 * @param renewBeforeDays a certificate expiring sooner than this is not good enough to install
 */
public record CertificateCheck(List<String> hostnames, List<String> addresses, int renewBeforeDays) {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    public CertificateCheck {
        hostnames = List.copyOf(hostnames);
        addresses = List.copyOf(addresses);
    }

    /**
     * @param chain the leaf first, then any intermediates, as the certificate file holds them
     * @param roots the CAs a client is expected to trust
     */
    public List<String> problems(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> roots,
                                 Instant now) {
        List<String> problems = new ArrayList<>();
        X509Certificate leaf = chain.get(0);
        if (!keyMatches(key, leaf.getPublicKey())) {
            problems.add("the private key does not belong to the certificate " + subject(leaf));
        }
        chainProblem(chain, roots, now).ifPresent(problems::add);
        expiryProblem(leaf, now).ifPresent(problems::add);
        problems.addAll(uncoveredNames(leaf));
        return List.copyOf(problems);
    }

    /** Whole days from {@code now} until the certificate expires; negative once it has. */
    public static long daysToExpiry(X509Certificate certificate, Instant now) {
        return Duration.between(now, certificate.getNotAfter().toInstant()).toDays();
    }

    /** Signs a nonce with the key and verifies it with the certificate's public key: works for any key type. */
    static boolean keyMatches(PrivateKey key, PublicKey certified) {
        String keyType = keyType(key);
        if (!keyType.equals(keyType(certified))) {
            return false;
        }
        String algorithm = switch (keyType) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448" -> keyType;
            default -> throw new TlsMaterialException("unsupported key type " + key.getAlgorithm());
        };
        try {
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(nonce);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(nonce);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Providers name the same EC key differently: the JDK says EC, BouncyCastle's says ECDSA once it is registered
     * in the process (MINA SSHD and jsch register it, so it is after a push, or in tests beside one).
     */
    private static String keyType(java.security.Key key) {
        return key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
    }

    private static Optional<String> chainProblem(List<X509Certificate> chain, List<X509Certificate> roots,
                                                           Instant now) {
        if (roots.isEmpty()) {
            return Optional.of("no CA certificate to verify " + subject(chain.get(0)) + " against");
        }
        try {
            Set<TrustAnchor> anchors = roots.stream().map(r -> new TrustAnchor(r, null)).collect(Collectors.toSet());
            PKIXParameters parameters = new PKIXParameters(anchors);
            // revocation is the CRL's business on the server side; validity is reported separately below
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return Optional.empty();
            }
            return Optional.of("the certificate " + subject(chain.get(0))
                    + " does not chain to the CA " + roots.stream().map(CertificateCheck::subject)
                    .collect(Collectors.joining(", ")) + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return Optional.of("cannot verify the chain of " + subject(chain.get(0)) + ": " + e.getMessage());
        }
    }

    private Optional<String> expiryProblem(X509Certificate leaf, Instant now) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return Optional.of("the certificate " + subject(leaf) + " is not valid before " + day(notBefore));
        }
        if (!now.isBefore(notAfter)) {
            return Optional.of("the certificate " + subject(leaf) + " expired on " + day(notAfter));
        }
        long days = daysToExpiry(leaf, now);
        if (days < renewBeforeDays) {
            return Optional.of("the certificate " + subject(leaf) + " expires on " + day(notAfter) + ", in "
                    + days + " days, within the renewal window of " + renewBeforeDays + " days");
        }
        return Optional.empty();
    }

    private List<String> uncoveredNames(X509Certificate leaf) {
        List<String> dnsNames = new ArrayList<>();
        List<InetAddress> ipAddresses = new ArrayList<>();
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                int type = (Integer) name.get(0);
                if (type == DNS_NAME) {
                    dnsNames.add(((String) name.get(1)).toLowerCase(Locale.ROOT));
                } else if (type == IP_ADDRESS) {
                    ipAddresses.add(literal((String) name.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            return List.of("cannot read the subject alternative names of " + subject(leaf) + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (String hostname : hostnames) {
            if (dnsNames.stream().noneMatch(san -> covers(san, hostname.toLowerCase(Locale.ROOT)))) {
                problems.add("the certificate " + subject(leaf) + " does not cover the host name " + hostname
                        + " (its DNS names: " + (dnsNames.isEmpty() ? "none" : String.join(", ", dnsNames)) + ")");
            }
        }
        for (String address : addresses) {
            if (!ipAddresses.contains(literal(address))) {
                problems.add("the certificate " + subject(leaf) + " does not cover the address " + address);
            }
        }
        return problems;
    }

    /** A SAN covers a name exactly, or as a wildcard for one leftmost label (RFC 6125). */
    private static boolean covers(String san, String hostname) {
        if (san.startsWith("*.")) {
            int dot = hostname.indexOf('.');
            return dot > 0 && hostname.substring(dot).equals(san.substring(1));
        }
        return san.equals(hostname);
    }

    /** Parses an IP literal; never a DNS lookup, as the spec validator only lets literals through. */
    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new TlsMaterialException("not an IP address: " + address, e);
        }
    }

    static String subject(X509Certificate certificate) {
        return "\"" + certificate.getSubjectX500Principal().getName() + "\"";
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
