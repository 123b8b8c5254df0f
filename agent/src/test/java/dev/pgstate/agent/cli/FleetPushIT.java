package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.testkit.SshBoxServer;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent push} to three boxes, each an SSH server in this JVM (Apache MINA SSHD) in front of its own real
 * PostgreSQL cluster (of the selected versions in turn), running the packaged agent (its shaded jar) as its own
 * process for every step, as a box's sshd would.
 */
class FleetPushIT {

    private static final String SPEC = """
            roles:
              - name: admin
                login: true
                createrole: false
              - name: app_${box.name}
                login: true
                connection_limit: ${box.app_limit}
            """;
    private static final int BOXES = 3;

    private static final List<PgCluster> clusters = new ArrayList<>();
    private static final List<SshBoxServer> servers = new ArrayList<>();
    private static KeyPair login;

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    private Path identity;
    private Path knownHosts;

    @BeforeAll
    static void boxes() {
        List<Integer> majors = PgExtension.versions();
        login = SshBoxServer.newKeyPair();
        for (int i = 0; i < BOXES; i++) {
            // a fleet of mixed versions: the selected ones, in turn
            PgCluster cluster = PgCluster.start(majors.get(i % majors.size()));
            clusters.add(cluster);
            servers.add(SshBoxServer.start(login.getPublic(), Map.of("PGHOST", "127.0.0.1",
                    "PGPORT", String.valueOf(cluster.port()), "PGUSER", cluster.superuser(), "PGDATABASE", "postgres")));
        }
    }

    @AfterAll
    static void close() throws IOException {
        for (SshBoxServer server : servers) {
            server.close();
        }
        clusters.forEach(PgCluster::close);
    }

    @BeforeEach
    void freshBoxes() throws Exception {
        clusters.forEach(PgCluster::reset);
        identity = SshBoxServer.writeIdentity(dir.resolve("id_test"), login);
        knownHosts = privateFile(dir.resolve("known_hosts"),
                servers.stream().map(SshBoxServer::knownHostsLine).collect(Collectors.joining()));
    }

    @Test
    void everyBoxConvergesWithItsOwnVariablesAndASecondPushChangesNothing() throws Exception {
        Path inventory = inventory(List.of(box(0, "db1", 5), box(1, "db2", 6), box(2, "db3", 7)));

        AgentRun first = push(inventory, "--parallel", "2");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("db1: started (canary, alone)\n").contains("db2: changed (2 applied) in ");
        assertThat(first.out()).matches("(?s)BOX  STATUS.*APPLIED.*\ndb1  changed +2 .*\ndb2  changed +2 .*"
                + "\ndb3  changed +2 .*\nPush: 3 boxes: 0 converged, 3 changed, 0 pending, 0 failed, 0 unreachable, "
                + "0 not started\\.\n");
        for (int i = 0; i < BOXES; i++) {
            assertThat(clusters.get(i).psql("SELECT rolname || ' ' || rolconnlimit FROM pg_roles WHERE rolname LIKE"
                    + " 'app%'")).isEqualTo("app_db" + (i + 1) + " " + (i + 5));
            Path spec = dir.resolve("box" + i).resolve("spec.yaml");
            assertThat(Files.readString(spec)).contains("connection_limit: " + (i + 5));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spec))).isEqualTo("rw-------");
            try (var entries = Files.list(spec.getParent())) {
                assertThat(entries).as("no temporary upload left behind").containsExactly(spec);
            }
        }

        AgentRun second = push(inventory, "--format", "json");

        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(second.out());
        assertThat(report.path("boxes")).hasSize(3).allSatisfy(box -> {
            assertThat(box.path("status").asText()).isEqualTo("converged");
            assertThat(box.path("plan").path("changes")).isEmpty();
            assertThat(box.path("apply").isNull()).isTrue();
        });
        assertThat(report.path("summary").path("converged").asInt()).isEqualTo(3);
    }

    @Test
    void planOnlyChangesNothingAndGroupsTheSameDifferenceAcrossBoxes() throws Exception {
        clusters.forEach(cluster -> cluster.execute("CREATE ROLE admin LOGIN CREATEROLE"));
        Path inventory = inventory(List.of(box(0, "db1", 5), box(1, "db2", 5), box(2, "db3", 5)));

        AgentRun run = push(inventory, "--plan-only", "--limit", "db1", "db3");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).startsWith("""
                db1:
                  role.admin createrole true → false
                  role.app_db1 will be created
                db3:
                  role.admin createrole true → false
                  role.app_db3 will be created

                The same difference across boxes:
                  role.admin createrole true → false on 2 boxes (db1, db3)
                  role.app_db1 will be created on 1 box (db1)
                  role.app_db3 will be created on 1 box (db3)

                BOX  STATUS       PENDING     TIME  CAUSE
                db1  pending            2 """).endsWith("\nPush (plan only): 2 boxes: 0 converged, 0 changed, 2 pending, "
                + "0 failed, 0 unreachable, 0 not started.\n");
        for (PgCluster cluster : clusters) {
            assertThat(cluster.psql("SELECT string_agg(rolname || ' ' || rolcreaterole, ',') FROM pg_roles"
                    + " WHERE rolname LIKE 'app%' OR rolname = 'admin'")).isEqualTo("admin true");
        }
        for (int i = 0; i < BOXES; i++) {
            try (var entries = Files.list(dir.resolve("box" + i))) {
                assertThat(entries).as("no spec put in place, where a daemon would apply it; nothing left behind")
                        .isEmpty();
            }
        }
    }

    @Test
    void eachFailedBoxIsNamedWithItsCauseAndTheOthersConverge() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Files.writeString(knownHosts, Files.readString(knownHosts).replace(servers.get(1).knownHostsLine(),
                SshBoxServer.knownHostsLine(servers.get(1).port(), SshBoxServer.newKeyPair().getPublic())));
        Path inventory = inventory(List.of(box(0, "good", 5), box(closedPort, 0, "gone", 5), box(1, "rekeyed", 5),
                box(2, "busy", 5)));
        Path spec = Files.writeString(dir.resolve("spec.yaml"), SPEC + """
                databases:
                  - name: app_${box.name}
                """);

        AgentRun run;
        try (Connection busy = clusters.get(2).connect("template1")) {
            run = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(), "--known-hosts",
                    knownHosts.toString(), "--retries", "1", "--retry-delay", "100ms", "--format", "json");
        }

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode boxes = new ObjectMapper().readTree(run.out()).path("boxes");
        assertThat(boxes.get(0).path("status").asText()).isEqualTo("changed");
        assertThat(boxes.get(1).path("status").asText()).isEqualTo("unreachable");
        assertThat(boxes.get(1).path("error").asText()).startsWith("cannot connect to postgres@127.0.0.1:" + closedPort
                + ": Connection refused");
        assertThat(boxes.get(1).path("attempts").asInt()).isEqualTo(2);
        assertThat(boxes.get(2).path("status").asText()).isEqualTo("failed");
        assertThat(boxes.get(2).path("error").asText()).startsWith("the host key of postgres@127.0.0.1:"
                + servers.get(1).port() + " has CHANGED since it was recorded in " + knownHosts);
        assertThat(boxes.get(3).path("status").asText()).isEqualTo("failed");
        assertThat(boxes.get(3).path("error").asText()).startsWith("apply on the box failed (exit 1): apply failed at "
                + "database.app_busy: ").contains("template1");
        assertThat(boxes.get(3).path("apply").path("result").path("applied").toString())
                .contains("role.app_busy");
        assertThat(clusters.get(0).psql("SELECT datname FROM pg_database WHERE datname LIKE 'app%'"))
                .isEqualTo("app_good");
        assertThat(clusters.get(1).psql("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'app%'"))
                .as("nothing reached the box behind the changed key").isEqualTo("0");
    }

    @Test
    void noBoxIsStartedAfterTheCanaryFailsWithMaxFailuresZero() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path inventory = inventory(List.of(box(0, "db1", 5), box(closedPort, 0, "gone", 5), box(2, "db3", 5)));

        AgentRun run = push(inventory, "--canary", "gone", "--max-failures", "0", "--retries", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("gone: unreachable: cannot connect to postgres@127.0.0.1:" + closedPort)
                .contains("stopping: no more boxes are started (1 boxes failed, more than --max-failures 0 allows)");
        assertThat(run.out()).contains("\ndb1   not started  ").contains("\ndb3   not started  ")
                .endsWith("Push: 3 boxes: 0 converged, 0 changed, 0 pending, 0 failed, 1 unreachable, 2 not started.\n");
        assertThat(clusters.get(0).psql("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'app%'")).isEqualTo("0");
    }

    /** Plan and apply exit 4 when only a person can act: listed by a plan-only push, a failure of an applying one. */
    @Test
    void aBoxThatNeedsAManualActionIsListedAndThenFailsWithTheSpecInPlace() throws Exception {
        clusters.get(0).execute("CREATE DATABASE legacy ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' "
                + "LC_CTYPE 'C'");
        Path inventory = inventory(List.of(box(0, "db1", 5)));
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "databases:\n  - {name: legacy, encoding: UTF8}\n");
        List<String> push = List.of("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                "--known-hosts", knownHosts.toString());

        AgentRun planned = agent(with(push, "--plan-only"));

        assertThat(planned.exitCode()).as(planned.err()).isEqualTo(2);
        assertThat(planned.out()).startsWith("db1:\n  database.legacy encoding needs manual action: expected "
                + "\"UTF8\", found \"SQL_ASCII\"\n");
        assertThat(dir.resolve("box0").resolve("spec.yaml")).doesNotExist();

        AgentRun applied = agent(push.toArray(String[]::new));

        assertThat(applied.exitCode()).as(applied.err()).isEqualTo(1);
        assertThat(applied.err()).contains("db1: failed: the spec is in place, nothing is left for the agent, but the "
                + "box needs a manual action: database.legacy encoding needs manual action: expected \"UTF8\", found "
                + "\"SQL_ASCII\"");
        assertThat(Files.readString(dir.resolve("box0").resolve("spec.yaml"))).contains("legacy");
    }

    /** {@code args} and then {@code more}, as a command line. */
    static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private AgentRun push(Path inventory, String... options) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), SPEC);
        List<String> args = new ArrayList<>(List.of("push", "--spec", spec.toString(), "--inventory",
                inventory.toString(), "--known-hosts", knownHosts.toString()));
        args.addAll(List.of(options));
        return agent(args.toArray(String[]::new));
    }

    private String box(int server, String name, int appLimit) throws IOException {
        return box(servers.get(server).port(), server, name, appLimit);
    }

    /** A box at {@code port} whose agent works on cluster {@code cluster}, its spec in its own directory. */
    private String box(int port, int cluster, String name, int appLimit) throws IOException {
        Path specDir = Files.createDirectories(dir.resolve("box" + cluster));
        return """
                  - name: %s
                    host: 127.0.0.1
                    port: %d
                    identity_file: %s
                    spec_path: %s
                    agent_command: %s
                    groups: [all]
                    vars:
                      app_limit: %d
                """.formatted(name, port, identity, specDir.resolve("spec.yaml"), agentCommand(), appLimit);
    }

    private Path inventory(List<String> boxes) throws IOException {
        return privateFile(dir.resolve("inventory.yaml"), "boxes:\n" + String.join("", boxes));
    }

    /** The packaged agent, the shaded jar {@code package} builds before the integration tests run. */
    static final Path AGENT_JAR = Path.of(System.getProperty("pgstate.agent.jar", "target/pgstate-agent.jar"))
            .toAbsolutePath();

    /** The agent as the box runs it: the packaged jar, its PG* settings from the box's sshd. */
    static String agentCommand() {
        return "\"'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Xmx256m -XX:TieredStopAtLevel=1 "
                + "-XX:+UseSerialGC -jar '" + AGENT_JAR + "'\"";
    }

    private static Path privateFile(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
