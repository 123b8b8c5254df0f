package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.agent.IssuedTls;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** Seed 004 through the command line: apply a tls spec, issue a client certificate, log in with it. */
class TlsCommandsIT {

    @AcrossPgVersions
    void applyThenIssueClientCertGivesMutualTls(PgCluster pg, @TempDir Path dir) throws Exception {
        IssuedTls.clean(pg);
        Path state = Files.createDirectories(dir.resolve("state"));
        Path spec = dir.resolve("tls.yaml");
        Files.writeString(spec, IssuedTls.section("{create: true}", state) + """
                roles:
                  - name: certuser
                    login: true
                """);

        AgentRun plan = agentOn(pg, "plan", "--spec", spec.toString());
        AgentRun apply = agentOn(pg, "apply", "--spec", spec.toString());

        String request = "server.crt = \"absent\" -> \"new certificate for DNS:localhost, IP:127.0.0.1 from a new CA "
                + "CN=pgstate CA, valid 397 days from apply, new key; fingerprint known after apply, owner ";
        assertThat(plan.out()).contains(request).doesNotContain("SHA256:");
        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(0);
        assertThat(apply.out()).contains("# tls.server will be changed [touches-secret]")
                .contains("# setting.ssl will be changed").contains(request);
        assertThat(agentOn(pg, "plan", "--spec", spec.toString()).exitCode()).isEqualTo(0);

        Files.writeString(pg.hbaFile(), "hostssl all certuser 127.0.0.1/32 cert\n" + Files.readString(pg.hbaFile()));
        pg.execute("SELECT pg_reload_conf()");
        Path clients = dir.resolve("clients");
        AgentRun issue = agent("issue-client-cert", "--user", "certuser", "--out", clients.toString(),
                "--spec", spec.toString());
        assertThat(issue.exitCode()).as(issue.err()).isEqualTo(0);

        String url = "jdbc:postgresql://localhost:" + pg.port() + "/postgres?user=certuser&sslmode=verify-full"
                + "&sslrootcert=" + clients.resolve("root.crt");
        try (Connection in = DriverManager.getConnection(url + "&sslcert=" + clients.resolve("certuser.crt")
                + "&sslkey=" + clients.resolve("certuser.pk8"))) {
            assertThat(in.isValid(5)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url)).isInstanceOf(SQLException.class);

        Files.writeString(spec, Files.readString(spec).replace("{create: true}", "{create: true, common_name: new CA}"));
        AgentRun renamed = agentOn(pg, "plan", "--spec", spec.toString());
        assertThat(renamed.exitCode()).as(renamed.out()).isEqualTo(65);
        assertThat(renamed.err()).contains("tls.ca: the CA kept in " + state.resolve("tls") + " was created with "
                + "common_name \"pgstate CA\" and valid_for 3650d, the spec now says \"new CA\" and 3650d")
                .contains("move " + state.resolve("tls") + " aside");
    }
}
