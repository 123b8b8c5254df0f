package dev.pgstate.reconcilers.kind.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Proof that a reload made the server serve the installed certificate. The postmaster rebuilds its TLS context
 * just after it signals the backends, so the probe retries briefly before it calls a mismatch. A mismatch means
 * the server kept its previous context; the server log says why, when the agent can read it.
 */
public record ServedCertificate(String host, int port, Duration patience) {

    private static final Duration RETRY = Duration.ofMillis(200);
    private static final int LOG_LINES = 200;

    /** Why the server does not serve {@code installed}; empty when it does. */
    public Optional<String> mismatch(Fingerprint installed, Connection connection, Path dataDirectory) {
        Instant deadline = Instant.now().plus(patience);
        String observed;
        while (true) {
            try {
                Optional<Fingerprint> served = TlsProbe.served(host, port);
                if (served.isPresent() && served.get().equals(installed)) {
                    return Optional.empty();
                }
                observed = served.map(f -> "serves " + f).orElse("answers SSLRequest with 'N' (no TLS)");
            } catch (IOException e) {
                observed = "cannot be probed on " + host + ":" + port + " (" + e.getMessage() + ")";
            }
            if (Instant.now().isAfter(deadline)) {
                break;
            }
            sleep();
        }
        return Optional.of("the server " + observed + " instead of the installed certificate " + installed
                + ": it did not load the new TLS material" + logReason(connection, dataDirectory)
                .map(line -> "; server log: " + line).orElse(""));
    }

    /** The last TLS complaint in the current server log, when logging_collector writes one the agent may read. */
    private static Optional<String> logReason(Connection connection, Path dataDirectory) {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_catalog.pg_current_logfile()")) {
            if (!row.next() || row.getString(1) == null) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(dataDirectory.resolve(row.getString(1)), StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()).stream()
                    .filter(ServedCertificate::aboutTls).reduce((first, second) -> second).map(String::strip);
        } catch (SQLException | IOException e) {
            return Optional.empty(); // the reason is a courtesy; the mismatch is the finding
        }
    }

    private static boolean aboutTls(String line) {
        return line.contains("SSL") || line.contains("private key") || line.contains("certificate");
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the served certificate", e);
        }
    }
}
