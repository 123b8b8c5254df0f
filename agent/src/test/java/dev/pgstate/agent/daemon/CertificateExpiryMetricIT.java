package dev.pgstate.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.IssuedTls;
import dev.pgstate.agent.metrics.MetricsServer;
import dev.pgstate.reconcilers.kind.tls.CaStore;
import dev.pgstate.reconcilers.kind.tls.CertificateAuthority;
import dev.pgstate.reconcilers.kind.tls.KeyAndCertificate;
import dev.pgstate.reconcilers.kind.tls.Validity;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgstate_certificate_expiry_seconds{file,subject}} read over HTTP from a daemon managing TLS: the served
 * certificate, the CA (its own file and the installed bundle) and a client certificate issued from it.
 */
class CertificateExpiryMetricIT {

    private static final double DAY = Duration.ofDays(1).toSeconds();

    @TempDir
    Path dir;

    @AcrossPgVersions
    void everyCertificateTheAgentKnowsHasItsSecondsToExpiry(PgCluster pg) throws Exception {
        IssuedTls.clean(pg);
        Path state = dir.resolve("pgstate");
        Path data = Path.of(pg.psql("SHOW data_directory"));
        String spec = IssuedTls.section("{create: true, common_name: metric CA}", state);
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.ENFORCE, spec);
             MetricsServer endpoint = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), daemon.metrics())) {
            daemon.awaitCycle("installing the TLS files", r -> r.succeeded() && !r.server().changed().isEmpty());
            CaStore store = new CaStore(state);
            CertificateAuthority ca = store.read();
            KeyAndCertificate client = ca.issueClient("certuser", Validity.days(Instant.now(), 30));
            Path record = store.recordIssued(client.certificate());
            Instant issued = Instant.now();
            daemon.awaitCycle("seeing the client certificate", r -> r.succeeded() && r.startedAt().isAfter(issued));

            String metrics = DaemonLoopIT.get(endpoint, "/metrics").body();

            assertThat(record).hasParent(state.resolve("tls/issued"));
            assertThat(daysToExpiry(metrics, data.resolve("server.crt"), "CN=localhost")).isBetween(396.0, 397.0);
            assertThat(daysToExpiry(metrics, data.resolve("root.crt"), "CN=metric CA")).isBetween(3649.0, 3650.0);
            assertThat(daysToExpiry(metrics, store.certificateFile(), "CN=metric CA")).isBetween(3649.0, 3650.0);
            assertThat(daysToExpiry(metrics, record, "CN=certuser")).isBetween(29.0, 30.0);
            assertThat(metrics).containsOnlyOnce("pgstate_certificate_expiry_seconds{file=\"" + record + "\"");
        }
    }

    /** The sample for exactly these labels, in days; fails when there is none. */
    private static double daysToExpiry(String metrics, Path file, String subject) {
        Matcher sample = Pattern.compile("(?m)^pgstate_certificate_expiry_seconds\\{file=\"" + Pattern.quote(
                file.toString()) + "\",subject=\"" + Pattern.quote(subject) + "\"} (\\S+)$").matcher(metrics);
        assertThat(sample.find()).as("a sample for %s %s in%n%s", file, subject, metrics).isTrue();
        return Double.parseDouble(sample.group(1)) / DAY;
    }
}
