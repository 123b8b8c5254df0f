package dev.pgstate.reconcilers.kind.tls;

import java.util.List;
import java.util.stream.Stream;

/**
 * A server certificate about to be issued, as a plan shows it: the names it covers, how long it lasts, the CA that
 * issues it and that its key is new, never the key itself. Its fingerprint exists only once apply issues it, so this
 * text, not a fingerprint, is what a plan (and a saved plan) holds; the apply that carries it out issues one that
 * matches, and a CA replaced meanwhile changes the text, which makes a saved plan stale.
 *
 * @param issuer    the issuing CA: {@code CA CN=… SHA256:…} for one kept, {@code a new CA CN=…} for one the same
 *                  apply creates
 * @param validDays how long the certificate lasts from its issue
 */
public record CertificateRequest(List<String> hostnames, List<String> addresses, String issuer, int validDays,
                                 boolean encryptedKey) {

    public CertificateRequest {
        hostnames = List.copyOf(hostnames);
        addresses = List.copyOf(addresses);
    }

    static CertificateRequest of(List<String> hostnames, List<String> addresses, CaStore.InUse ca, int validDays,
                                 boolean encryptedKey) {
        String name = "CN=" + CertificateAuthority.commonName(ca.ca().certificate());
        String issuer = ca.newCa() ? "a new CA " + name : "CA " + name + " " + Fingerprint.of(ca.ca().certificate());
        return new CertificateRequest(hostnames, addresses, issuer, validDays, encryptedKey);
    }

    @Override
    public String toString() {
        List<String> names = Stream.concat(hostnames.stream().map(h -> "DNS:" + h), addresses.stream()
                .map(a -> "IP:" + a)).toList();
        return "new certificate for " + String.join(", ", names) + " from " + issuer + ", valid " + validDays
                + " days from apply, new key" + (encryptedKey ? " (encrypted)" : "") + "; fingerprint known after apply";
    }
}
