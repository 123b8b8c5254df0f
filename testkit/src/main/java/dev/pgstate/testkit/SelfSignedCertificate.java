package dev.pgstate.testkit;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

/**
 * A throwaway server certificate for tests that need ssl = on, made with the JDK's keytool (always there, unlike
 * openssl) and written as the PEM files PostgreSQL reads from its data directory (server.crt, server.key).
 */
public final class SelfSignedCertificate {

    private static final char[] STORE_PASSWORD = "throwaway".toCharArray();

    private SelfSignedCertificate() {
    }

    /** Writes server.crt and server.key into the data directory; the test then sets ssl = on. */
    public static void install(PgCluster cluster) throws Exception {
        Path store = Files.createTempDirectory("pgstate-cert").resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        PrivateKey key = (PrivateKey) keys.getKey("server", STORE_PASSWORD);
        Certificate certificate = keys.getCertificate("server");
        Path crt = cluster.dataDir().resolve("server.crt");
        Path pem = cluster.dataDir().resolve("server.key");
        Files.writeString(crt, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(pem, pem("PRIVATE KEY", key.getEncoded()));
        // the server refuses a key that its group or others can read
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
        for (Path file : List.of(crt, pem)) {
            cluster.serverUser().own(file);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
