package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.agent.IssuedTls;
import dev.pgstate.reconcilers.kind.tls.CaStore;
import dev.pgstate.reconcilers.kind.tls.Pem;
import dev.pgstate.reconcilers.kind.tls.RevocationList;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revoke-client-cert} end to end: the revoked certificate is refused by the real server once apply installed
 * the CA's CRL, a sibling still connects, and a CRL near its nextUpdate is renewed by apply, revocations kept.
 */
class RevocationIT {

    @TempDir
    Path dir;

    @AcrossPgVersions
    void aRevokedClientIsRefusedItsSiblingLetInAndTheCrlRenewedBeforeItLapses(PgCluster pg) throws Exception {
        IssuedTls.clean(pg);
        Path state = dir.resolve("state");
        Path spec = Files.writeString(dir.resolve("tls.yaml"), IssuedTls.section("{create: true}", state) + """
                  crl: {issue: true}
                roles:
                  - name: certuser
                    login: true
                """);
        assertApplied(pg, spec);
        Files.writeString(pg.hbaFile(), "hostssl all certuser 127.0.0.1/32 cert\n" + Files.readString(pg.hbaFile()));
        pg.execute("SELECT pg_reload_conf()");
        Path revoked = issue(spec, "revoked");
        Path sibling = issue(spec, "sibling");
        assertConnects(pg, revoked);

        AgentRun revoke = agent("revoke-client-cert", "--serial", serial(revoked).toString(16), "--spec",
                spec.toString());
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(revoke.out()).startsWith("revoked CN=certuser, serial " + serial(revoked).toString(16)
                .toUpperCase());
        assertConnects(pg, revoked); // not before apply installs the CRL
        assertApplied(pg, spec);

        assertRefused(pg, revoked);
        assertConnects(pg, sibling);
        assertThat(agentOn(pg, "plan", "--spec", spec.toString()).exitCode()).isZero();

        CaStore store = new CaStore(state);
        Instant fiveDaysAgo = Instant.now().minus(Duration.ofDays(5));
        RevocationList aging = new RevocationList(installedCrl(pg)).renewed(store.read(), fiveDaysAgo);
        Files.writeString(store.crlFile(), aging.pem());
        assertApplied(pg, spec);
        X509CRL renewed = installedCrl(pg);
        assertThat(renewed.getNextUpdate().toInstant()).isAfter(aging.nextUpdate().plus(Duration.ofDays(4)));
        assertThat(renewed.getRevokedCertificate(serial(revoked))).isNotNull();
        assertRefused(pg, revoked);
        assertConnects(pg, sibling);
        assertThat(agentOn(pg, "plan", "--spec", spec.toString()).exitCode()).as("renewed once, not every run").isZero();

        AgentRun everyOne = agent("revoke-client-cert", "--user", "certuser", "--spec", spec.toString());
        assertThat(everyOne.exitCode()).as(everyOne.err()).isZero();
        assertApplied(pg, spec);
        assertRefused(pg, sibling);
        AgentRun again = agent("revoke-client-cert", "--user", "certuser", "--spec", spec.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no certificate issued to \"certuser\" is recorded in");
    }

    /**
     * During a rotation's overlap a client certificate of the old CA is revoked in the old CA's CRL, which the served
     * CRL file holds beside the new CA's: the revoked client is refused, its sibling from the same CA still let in.
     */
    @AcrossPgVersions
    void aClientOfTheOldCaRevokedDuringARotationIsRefusedItsSiblingLetIn(PgCluster pg) throws Exception {
        IssuedTls.clean(pg);
        Path state = dir.resolve("state");
        String rest = """
                  crl: {issue: true}
                roles:
                  - name: certuser
                    login: true
                """;
        Path spec = Files.writeString(dir.resolve("tls.yaml"),
                IssuedTls.section("{create: true, common_name: old CA}", state) + rest);
        assertApplied(pg, spec);
        Files.writeString(pg.hbaFile(), "hostssl all certuser 127.0.0.1/32 cert\n" + Files.readString(pg.hbaFile()));
        pg.execute("SELECT pg_reload_conf()");
        Path revoked = issue(spec, "old-revoked");
        Path sibling = issue(spec, "old-sibling");
        Files.writeString(spec, IssuedTls.section("{create: true, common_name: new CA, rotate: {overlap: 30d}}", state)
                + rest);
        assertApplied(pg, spec);
        assertConnects(pg, revoked);

        AgentRun revoke = agent("revoke-client-cert", "--serial", serial(revoked).toString(16), "--spec",
                spec.toString());
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertApplied(pg, spec);

        assertRefused(pg, revoked);
        assertConnects(pg, sibling);
        assertConnects(pg, issue(spec, "new"));
        assertThat(agentOn(pg, "plan", "--spec", spec.toString()).exitCode()).isZero();
    }

    private static void assertApplied(PgCluster pg, Path spec) {
        AgentRun apply = agentOn(pg, "apply", "--spec", spec.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    }

    private Path issue(Path spec, String name) {
        Path out = dir.resolve(name);
        AgentRun issue = agent("issue-client-cert", "--user", "certuser", "--out", out.toString(), "--spec",
                spec.toString());
        assertThat(issue.exitCode()).as(issue.err()).isZero();
        return out;
    }

    private static BigInteger serial(Path client) throws Exception {
        X509Certificate certificate = Pem.certificates(Files.readString(client.resolve("certuser.crt"))).get(0);
        return certificate.getSerialNumber();
    }

    private static X509CRL installedCrl(PgCluster pg) throws Exception {
        return Pem.crls(Files.readString(pg.dataDir().resolve("root.crl"))).get(0);
    }

    private static String url(PgCluster pg, Path client) {
        return "jdbc:postgresql://localhost:" + pg.port() + "/postgres?user=certuser&sslmode=verify-full"
                + "&sslrootcert=" + client.resolve("root.crt") + "&sslcert=" + client.resolve("certuser.crt")
                + "&sslkey=" + client.resolve("certuser.pk8");
    }

    private static void assertConnects(PgCluster pg, Path client) throws SQLException {
        try (Connection in = DriverManager.getConnection(url(pg, client))) {
            assertThat(in.isValid(5)).isTrue();
        }
    }

    private static void assertRefused(PgCluster pg, Path client) {
        assertThatThrownBy(() -> DriverManager.getConnection(url(pg, client)).close())
                .isInstanceOf(SQLException.class);
    }
}
