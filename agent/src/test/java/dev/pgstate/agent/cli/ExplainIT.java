package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.reconcilers.core.connect.ConnectionException;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.SelfSignedCertificate;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code explain} against the server itself: for every (socket or TCP, user, database) the answer must be what a
 * real connection attempt gets. Rules use trust and reject only, so no passwords are involved.
 */
class ExplainIT {

    private static final String HBA = """
            local   all     postgres                trust
            local   all     app                     trust
            host    all     postgres  127.0.0.1/32  trust
            host    all     blocked   127.0.0.1/32  reject
            host    appdb   app       127.0.0.1/32  reject
            host    all     +staff    127.0.0.1/32  trust
            hostssl all     sslonly   127.0.0.1/32  trust
            """;

    @AcrossPgVersions
    void explainAgreesWithRealConnectionAttempts(PgCluster cluster) throws Exception {
        cluster.execute("CREATE ROLE staff; CREATE ROLE app LOGIN IN ROLE staff; CREATE ROLE blocked LOGIN;"
                + " CREATE ROLE sslonly LOGIN");
        cluster.execute("CREATE DATABASE appdb");
        Files.writeString(cluster.hbaFile(), HBA);
        cluster.serverUser().own(cluster.hbaFile());
        cluster.psql("SELECT pg_reload_conf()");
        waitUntilRefused(cluster, "blocked");

        List<String> checked = new ArrayList<>();
        for (boolean socket : List.of(true, false)) {
            for (String user : List.of("postgres", "app", "blocked", "sslonly")) {
                for (String database : List.of("postgres", "appdb")) {
                    AgentRun explained = agent(env(cluster), "explain", "--user", user, "--database", database,
                            socket ? "--local" : "--address=127.0.0.1");
                    boolean connected = connects(cluster, socket, user, database, "disable");
                    assertThat(explained.exitCode()).as("%s %s %s:%n%s%s", socket ? "socket" : "tcp", user, database,
                            explained.out(), explained.err()).isEqualTo(connected ? 0 : 1);
                    checked.add((socket ? "socket " : "tcp ") + user + "@" + database + (connected ? " in" : " out"));
                }
            }
        }
        assertThat(checked).contains("tcp app@postgres in", "tcp app@appdb out", "tcp blocked@postgres out",
                "socket app@appdb in", "socket blocked@postgres out", "tcp sslonly@postgres out");

        // ssl = off on the test cluster: hostssl never matches, and an SSL connection is not even possible.
        AgentRun ssl = agent(env(cluster), "explain", "--user", "sslonly", "--database", "postgres",
                "--address", "127.0.0.1", "--ssl");
        assertThat(ssl.exitCode()).isEqualTo(1);
        assertThat(ssl.out()).contains("does not match: \"hostssl\" cannot match: the server has ssl = off")
                .contains("refused: no rule matches");
        assertThat(connects(cluster, false, "sslonly", "postgres", "require")).isFalse();

        AgentRun app = agent(env(cluster), "explain", "--user", "app", "--database", "appdb", "--address", "127.0.0.1");
        assertThat(app.out()).contains(cluster.hbaFile() + ":5:  host    appdb   app       127.0.0.1/32  reject\n"
                + "      matches\nrefused: the first matching rule is reject");
    }

    /** With ssl = on, hostssl rules match SSL connections only, and host rules match both. */
    @AcrossPgVersions
    void withSslOnExplainAgreesWithSslAndPlainConnections(PgCluster cluster) throws Exception {
        cluster.execute("CREATE ROLE sslonly LOGIN; CREATE ROLE plainonly LOGIN; CREATE ROLE either LOGIN");
        Files.writeString(cluster.hbaFile(), """
                local     all  postgres                 trust
                host      all  postgres   127.0.0.1/32  trust
                hostssl   all  sslonly    127.0.0.1/32  trust
                hostnossl all  plainonly  127.0.0.1/32  trust
                host      all  either     127.0.0.1/32  trust
                """);
        cluster.serverUser().own(cluster.hbaFile());
        SelfSignedCertificate.install(cluster);
        cluster.execute("ALTER SYSTEM SET ssl = on");
        cluster.psql("SELECT pg_reload_conf()");
        waitUntilRefused(cluster, "plainonly", "require");

        List<String> checked = new ArrayList<>();
        for (boolean ssl : List.of(true, false)) {
            for (String user : List.of("sslonly", "plainonly", "either")) {
                List<String> args = new ArrayList<>(List.of("explain", "--user", user, "--database", "postgres",
                        "--address", "127.0.0.1"));
                if (ssl) {
                    args.add("--ssl");
                }
                AgentRun explained = agent(env(cluster), args.toArray(String[]::new));
                boolean connected = connects(cluster, false, user, "postgres", ssl ? "require" : "disable");
                assertThat(explained.exitCode()).as("%s ssl=%s:%n%s%s", user, ssl, explained.out(), explained.err())
                        .isEqualTo(connected ? 0 : 1);
                checked.add(user + (ssl ? " ssl " : " plain ") + (connected ? "in" : "out"));
            }
        }
        assertThat(checked).containsExactly("sslonly ssl in", "plainonly ssl out", "either ssl in",
                "sslonly plain out", "plainonly plain in", "either plain in");
    }

    /** The file on disk, not what the server loaded: a change since the last reload is noticed; a broken file gets no verdict. */
    @AcrossPgVersions
    void aFileChangedSinceTheLastLoadIsNoticedAndOneTheServerWouldRefuseGetsNoVerdict(PgCluster cluster) throws Exception {
        Files.writeString(cluster.hbaFile(), "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all 127.0.0.1/33 trust\n");
        cluster.serverUser().own(cluster.hbaFile());

        AgentRun run = agent(env(cluster), "explain", "--user", "app", "--database", "appdb", "--address", "127.0.0.1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(65);
        assertThat(run.out()).startsWith("notice: " + cluster.hbaFile() + " was changed after the server last loaded"
                + " its configuration (").contains("\n  " + cluster.hbaFile() + ":3: invalid CIDR mask in address \"127.0.0.1/33\"\n");
    }

    private static Map<String, String> env(PgCluster cluster) {
        return Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(cluster.port()), "PGUSER", cluster.superuser(),
                "PGDATABASE", "postgres");
    }

    private static boolean connects(PgCluster cluster, boolean socket, String user, String database, String sslmode)
            throws Exception {
        ConnectionSettings flags = new ConnectionSettings(socket ? cluster.socketDir().toString() : "127.0.0.1",
                cluster.port(), user, database, null, sslmode, null, null, null, null, cluster.serverUser().name());
        try (Connection connection = new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)).connect()) {
            return connection.isValid(5);
        } catch (ConnectionException e) {
            return false;
        }
    }

    /** The postmaster reloads asynchronously; poll instead of guessing a delay. */
    private static void waitUntilRefused(PgCluster cluster, String user) throws Exception {
        waitUntilRefused(cluster, user, "disable");
    }

    private static void waitUntilRefused(PgCluster cluster, String user, String sslmode) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (connects(cluster, false, user, "postgres", sslmode)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not reload pg_hba.conf within 60 s");
            }
            Thread.sleep(100);
        }
    }
}
