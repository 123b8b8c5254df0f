package dev.pgstate.reconcilers.kind.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;

/** SHA-256 of a certificate's DER encoding, as {@code openssl x509 -fingerprint -sha256} prints it. */
public record Fingerprint(String sha256) {

    public static Fingerprint of(Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return new Fingerprint(HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SHA256:" + sha256;
    }
}
