package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.agent.daemon.ReportFile;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import dev.pgstate.testkit.SshBoxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push --via-daemon} to a box (MINA SSHD) whose real daemon ({@code agent run}, its own process, a one-hour
 * interval so only the push can start a cycle) enforces the spec: the push puts the spec in place, reloads the
 * daemon with the box's command (SIGHUP) and takes the report of the cycle that read those bytes as the box's
 * result; with the daemon stopped it waits no longer than --timeout.
 */
class ViaDaemonPushIT {

    private static final String SPEC = "roles:\n  - name: app_${box.name}\n    login: true\n"
            + "    connection_limit: ${box.app_limit}\n";

    @TempDir
    Path dir;

    @Test
    @PgVersion(16)
    void theDaemonAppliesThePushedSpecAndItsCycleReportIsTheResult(PgCluster pg) throws Exception {
        Path box = Files.createDirectories(dir.resolve("box"));
        Path boxSpec = Files.writeString(box.resolve("spec.yaml"), "roles:\n  - name: app_before\n    login: true\n");
        Files.setPosixFilePermissions(boxSpec, PosixFilePermissions.fromString("rw-------"));
        Path state = box.resolve("state");
        Map<String, String> env = Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(pg.port()), "PGUSER",
                pg.superuser(), "PGDATABASE", "postgres");
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--spec", boxSpec.toString(), "--state-directory", state.toString(),
                "--interval", "1h", "--no-metrics").redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.log").toFile());
        run.environment().keySet().removeIf(name -> name.startsWith("PG"));
        run.environment().putAll(env);
        Process daemon = run.start();
        KeyPair login = SshBoxServer.newKeyPair();
        try (SshBoxServer server = SshBoxServer.start(login.getPublic(), env)) {
            awaitFirstCycle(daemon, state.resolve(ReportFile.NAME));
            Path inventory = OneBoxInventory.write(dir.resolve("inventory.yaml"), server.port(),
                    SshBoxServer.writeIdentity(dir.resolve("id_test"), login), FleetPushIT.agentCommand(), boxSpec, """
                        state_directory: %s
                        daemon_reload_command: kill -HUP %d
                        vars:
                          app_limit: 4
                    """.formatted(state, daemon.pid()));
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine());
            Path spec = Files.writeString(dir.resolve("spec.yaml"), SPEC);

            AgentRun pushed = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                    "--known-hosts", knownHosts.toString(), "--via-daemon", "--format", "json");

            assertThat(pushed.exitCode()).as(pushed.err() + Files.readString(dir.resolve("daemon.log"))).isZero();
            JsonNode report = new ObjectMapper().readTree(pushed.out());
            assertThat(report.path("mode").asText()).isEqualTo("via_daemon");
            JsonNode result = report.path("boxes").get(0);
            assertThat(result.path("status").asText()).isEqualTo("changed");
            assertThat(result.path("apply").path("cycle").asLong()).as("the daemon's report").isGreaterThan(1);
            // the cycle the push reads may come after the one that applied it (the daemon also sees the file change)
            assertThat(result.path("apply").path("changed_for_spec").toString()).isEqualTo("[\"role.app_db1\"]");
            assertThat(pg.psql("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'app_db1'")).isEqualTo("4");
            assertThat(pushed.err()).contains("db1: changed (1 applied) in ");

            daemon.destroy();
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("the daemon stops on SIGTERM").isTrue();
            Files.writeString(inventory, Files.readString(inventory).replace("app_limit: 4", "app_limit: 5")
                    .replace("    daemon_reload_command: kill -HUP " + daemon.pid() + "\n", ""));

            AgentRun unanswered = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                    "--known-hosts", knownHosts.toString(), "--via-daemon", "--timeout", "20s",
                    "--format", "json");

            assertThat(unanswered.exitCode()).isEqualTo(1);
            JsonNode waited = new ObjectMapper().readTree(unanswered.out()).path("boxes").get(0);
            assertThat(waited.path("error").asText()).isEqualTo("waiting for the daemon's cycle report in " + state
                    + ": timed out (the box's --timeout passed)");
            assertThat(Files.readString(boxSpec)).as("the spec is in place for the daemon's next start")
                    .contains("connection_limit: 5");
        } finally {
            daemon.destroyForcibly();
        }
    }

    static void awaitFirstCycle(Process daemon, Path report) throws InterruptedException {
        for (int attempt = 0; attempt < 1200; attempt++) {
            if (Files.exists(report)) {
                return;
            }
            assertThat(daemon.isAlive()).as("the daemon is running").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the daemon reported no cycle within 60 s");
    }
}
