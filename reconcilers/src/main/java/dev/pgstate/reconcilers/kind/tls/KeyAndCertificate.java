package dev.pgstate.reconcilers.kind.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate and its private key, as issued or as read from the box. */
public record KeyAndCertificate(PrivateKey key, X509Certificate certificate) {

    public KeyAndCertificate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
    }

    public String keyPem() {
        return Pem.write(key);
    }

    public String certificatePem() {
        return Pem.write(certificate);
    }

    /** The key as unencrypted PKCS#8 DER, the form pgjdbc reads for a client key ({@code .pk8}). */
    public byte[] keyPkcs8Der() {
        return key.getEncoded();
    }

    @Override
    public String toString() {
        return "KeyAndCertificate[" + certificate.getSubjectX500Principal() + ", key (sensitive)]";
    }
}
