package dev.pgstate.reconcilers.kind.tls;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificate the server really serves. {@code SHOW ssl} can say {@code on} while a failed reload left the
 * server on its previous TLS context (or on none), so the only proof is a handshake: send PostgreSQL's
 * SSLRequest, read {@code 'S'} or {@code 'N'}, and on {@code 'S'} take the leaf certificate the server presents.
 * The handshake trusts anything on purpose: it observes, and the fingerprint comparison is the check.
 */
public final class TlsProbe {

    private static final int SSL_REQUEST_LENGTH = 8;
    private static final int SSL_REQUEST_CODE = 80877103;
    private static final int TIMEOUT_MILLIS = 10_000;

    private TlsProbe() {
    }

    /** The fingerprint of the leaf certificate served on host:port, or empty when the server answers 'N'. */
    public static Optional<Fingerprint> served(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(SSL_REQUEST_LENGTH);
            out.writeInt(SSL_REQUEST_CODE);
            out.flush();
            int answer = new DataInputStream(socket.getInputStream()).read();
            if (answer == 'N') {
                return Optional.empty();
            }
            if (answer != 'S') {
                throw new IOException("unexpected answer to SSLRequest from " + host + ":" + port + ": " + answer);
            }
            try (SSLSocket tls = (SSLSocket) observingContext().getSocketFactory()
                    .createSocket(socket, host, port, true)) {
                tls.startHandshake();
                return Optional.of(Fingerprint.of(tls.getSession().getPeerCertificates()[0]));
            }
        }
    }

    private static SSLContext observingContext() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up the TLS probe: " + e.getMessage(), e);
        }
    }

    /** Accepts any chain: the probe reads the certificate, it does not trust it. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
