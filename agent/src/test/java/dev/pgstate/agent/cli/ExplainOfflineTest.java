package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain --hba-file FILE --pg-version N}: the same engine without a server, whole output and exit code.
 * Exit 0 allowed, 1 refused by the rules, 3 undecided (a host name not looked up), 65 a file the server refuses.
 */
class ExplainOfflineTest {

    @TempDir
    Path dir;

    private Path hba;

    @BeforeEach
    void files() throws IOException {
        hba = dir.resolve("pg_hba.conf");
        Files.writeString(dir.resolve("secret.list"), "s3cr3t-user\n");
    }

    private AgentRun explain(String text, String... args) throws IOException {
        Files.writeString(hba, text);
        List<String> all = new ArrayList<>(List.of("explain", "--hba-file", hba.toString()));
        all.addAll(List.of(args));
        return agent(all.toArray(String[]::new));
    }

    @Test
    void anAllowedConnectionExitsZeroWithEveryMissAndTheMatch() throws IOException {
        AgentRun run = explain("""
                local   all  all                 peer
                host    all  @secret.list  all   reject
                host    all  +staff  127.0.0.1/32  scram-sha-256
                """, "--pg-version", "16", "--user", "app", "--database", "appdb", "--address", "127.0.0.1",
                "--member-of", "app=staff");

        assertThat(run).isEqualTo(new AgentRun(0, """
                A connection from 127.0.0.1 without SSL as user "app" to database "appdb", checked against %1$s:
                  %1$s:1:  local   all  all                 peer
                      does not match: a TCP connection never matches "local"
                  %1$s:2:  host    all  @secret.list  all   reject
                      does not match: user "app" is not among [@secret.list]
                  %1$s:3:  host    all  +staff  127.0.0.1/32  scram-sha-256
                      matches
                allowed to authenticate with method scram-sha-256
                """.formatted(hba), ""));
        assertThat(run.out()).doesNotContain("s3cr3t");
    }

    @Test
    void withoutTheMembershipTheSameConnectionFindsNoRule() throws IOException {
        AgentRun run = explain("host all +staff 127.0.0.1/32 md5\n", "--pg-version", "14", "--user", "app",
                "--database", "appdb", "--address", "127.0.0.1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).endsWith("refused: no rule matches, so the server answers \"no pg_hba.conf entry\"\n");
    }

    @Test
    void aFileTheServerWouldRefuseGetsItsFatalLinesAndExit65() throws IOException {
        AgentRun run = explain("""
                host all all 127.0.0.1/32 trust
                host all all 127.0.0.1/33 trust
                local all all 127.0.0.1/32 peer
                host all all all @secret.list
                """, "--pg-version", "16", "--user", "app", "--database", "appdb", "--address", "127.0.0.1");

        assertThat(run).isEqualTo(new AgentRun(65, """
                no verdict: the server would refuse %1$s (on reload it keeps its previous rules; it does not start with this file):
                  %1$s:2: invalid CIDR mask in address "127.0.0.1/33"
                  %1$s:3: invalid authentication method "127.0.0.1/32"
                  %1$s:4: the server refuses this line; its message quotes the contents of a file named by an @file reference and is not shown
                """.formatted(hba), ""));
    }

    @Test
    void versionDecidesWhatIsFatal() throws IOException {
        String text = "include other.conf\nhost all all all trust\n";
        Files.writeString(dir.resolve("other.conf"), "host all app all reject\n");

        assertThat(explain(text, "--pg-version", "15", "--user", "app", "--database", "d", "--address", "10.0.0.1").out())
                .contains(":1: invalid connection type \"include\"");
        AgentRun sixteen = explain(text, "--pg-version", "16", "--user", "app", "--database", "d", "--address", "10.0.0.1");
        assertThat(sixteen.exitCode()).isEqualTo(1);
        assertThat(sixteen.out()).contains(dir.resolve("other.conf") + ":1:  host all app all reject\n      matches");
    }

    @Test
    void aHostNameNotLookedUpIsUndecidedWithExit3() throws IOException {
        AgentRun run = explain("host all all db.example.com reject\nhost all all all trust\n", "--pg-version", "18",
                "--no-resolve", "--user", "app", "--database", "appdb", "--address", "127.0.0.1");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).endsWith("""
                      cannot be decided: host name "db.example.com": host names are not looked up (--no-resolve)
                undecided because of line 1 (%s:1): it applies if the client's host name matches, otherwise a later line decides
                """.formatted(hba));
    }

    @Test
    void warningsAreShownBesideTheVerdict() throws IOException {
        AgentRun run = explain("hostssl all all all trust\nhost all all all md5\n", "--pg-version", "16",
                "--user", "app", "--database", "appdb", "--address", "127.0.0.1", "--ssl");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("warning: " + hba + ":1: hostssl record cannot match because SSL is disabled\n")
                .contains("does not match: \"hostssl\" cannot match: the server has ssl = off");
        AgentRun enabled = explain("hostssl all all all trust\n", "--pg-version", "16", "--ssl-enabled",
                "--user", "app", "--database", "appdb", "--address", "127.0.0.1", "--ssl");
        assertThat(enabled.out()).doesNotContain("warning").endsWith("allowed to authenticate with method trust\n");
    }

    @Test
    void replicationAndGssEncryptionAreConnectionKinds() throws IOException {
        String text = "hostgssenc all all all reject\nhost replication all all md5\nhost all all all trust\n";

        AgentRun physical = explain(text, "--pg-version", "16", "--user", "rep", "--address", "127.0.0.1",
                "--replication", "physical");
        assertThat(physical.out()).contains("for physical replication as user \"rep\", checked")
                .contains("does not match: \"hostgssenc\" needs GSS encryption and this connection is without it")
                .endsWith("allowed to authenticate with method md5\n");
        AgentRun logical = explain(text, "--pg-version", "16", "--user", "rep", "--database", "app",
                "--address", "127.0.0.1", "--replication", "database");
        assertThat(logical.out()).endsWith("allowed to authenticate with method trust\n");
        AgentRun gss = explain(text, "--pg-version", "16", "--user", "rep", "--database", "app",
                "--address", "127.0.0.1", "--gssenc");
        assertThat(gss.exitCode()).isEqualTo(1);
        assertThat(gss.out()).endsWith("refused: the first matching rule is reject\n");
    }

    @Test
    void usageMistakesAreExit64() throws IOException {
        assertThat(explain("", "--pg-version", "11", "--user", "a", "--database", "d", "--address", "127.0.0.1",
                "--gssenc").exitCode()).isEqualTo(64);
        assertThat(explain("", "--pg-version", "16", "--user", "a", "--address", "127.0.0.1").err())
                .contains("--database is needed");
        assertThat(explain("", "--pg-version", "10", "--user", "a", "--database", "d", "--local").exitCode()).isEqualTo(64);
        assertThat(explain("", "--pg-version", "16", "--user", "a", "--database", "d", "--local", "--port", "5432")
                .err()).contains("no --spec or connection options");
    }
}
