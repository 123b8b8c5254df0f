package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The way the agent runs on a box: over the Unix socket, settings from the PG* environment, no password. */
class UnixSocketIT {

    private static final String ROLES_ONLY = "src/test/resources/specs/valid.yaml";

    @AcrossPgVersions
    void appliesAndPlansOverTheSocketNamedByPgEnvironment(PgCluster pg) {
        Map<String, String> env = socketEnv(pg, String.valueOf(pg.port()));

        AgentRun apply = agent(env, "apply", "--spec", ROLES_ONLY);
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).endsWith("\nApply complete! 3 added, 0 changed, 0 destroyed.\n");

        AgentRun plan = agent(env, "plan", "--spec", ROLES_ONLY);
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).startsWith("No changes. The server matches the spec.");
    }

    /**
     * The Identity Box example with its socket rule for postgres asking for a password the agent does not have (it
     * has none anywhere): lockout protection only sees that the rule is not reject, so the fresh connection after
     * the reload is what catches it, and the previous file comes back. Unlike the example's peer rule, no OS user
     * the tests may run as gets past it.
     */
    @AcrossPgVersions
    void aNewFileTheAgentCannotConnectThroughIsRolledBack(PgCluster pg, @TempDir Path dir) throws Exception {
        Map<String, String> env = socketEnv(pg, String.valueOf(pg.port()));
        String example = Files.readString(Path.of(IdentityBoxIT.SPEC));
        assertThat(example).contains("method: peer");
        Path spec = Files.writeString(dir.resolve("password-for-postgres.yaml"),
                example.replace("method: peer", "method: scram-sha-256"));
        String before = Files.readString(pg.hbaFile());

        AgentRun apply = agent(env, "apply", "--spec", spec.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("after the reload a new connection the way the agent connects failed")
                .contains("is back in place and reloaded");
        assertThat(Files.readString(pg.hbaFile())).isEqualTo(before);
        assertThat(agent(env, "plan", "--spec", ROLES_ONLY).exitCode()).isZero();
    }

    /**
     * A restart the agent asked for ends its sessions; over the socket, closing them fails with a broken pipe,
     * which must not replace the report of a restart that worked: exit 0 and "Restarted the server", in text, in
     * JSON and in one daemon cycle.
     */
    @AcrossPgVersions
    void aRestartOverTheSocketIsReportedAsARestartInTextJsonAndTheDaemon(PgCluster pg, @TempDir Path dir)
            throws Exception {
        Map<String, String> env = socketEnv(pg, String.valueOf(pg.port()));
        int buffers = Integer.parseInt(pg.psql("SELECT setting FROM pg_settings WHERE name = 'shared_buffers'"));

        AgentRun text = agent(env, "apply", "--spec", sharedBuffers(dir, pg, buffers + 16).toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("Restarted the server.");

        AgentRun json = agent(env, "apply", "--format", "json", "--spec", sharedBuffers(dir, pg, buffers + 32).toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).containsPattern("\"restarted\"\\s*:\\s*true");

        AgentRun cycle = agent(env, "run", "--once", "--no-metrics", "--state-directory", dir.resolve("state").toString(),
                "--spec", sharedBuffers(dir, pg, buffers + 48).toString());
        assertThat(cycle.exitCode()).as(cycle.out() + cycle.err()).isZero();
        assertThat(cycle.err()).doesNotContain("Broken pipe").doesNotContain("failed");
        assertThat(pg.psql("SELECT setting FROM pg_settings WHERE name = 'shared_buffers'"))
                .isEqualTo(String.valueOf(buffers + 48));
    }

    /**
     * The apply lock's session is one of those the restart ends: releasing the lock afterwards logged a warning,
     * "could not release the apply lock cleanly …", over the socket for the write to the closed socket ("Broken
     * pipe", SQLSTATE 08006) and over TCP for the server's goodbye ("terminating connection due to administrator
     * command", 57P01), though the lock went with its session. Run as on a box, in a JVM of its own, over the socket
     * and then over TCP, its stderr holds no warning.
     */
    @AcrossPgVersions
    void aRestartLogsNoWarningForTheSessionsItEnded(PgCluster pg, @TempDir Path dir) throws Exception {
        int buffers = Integer.parseInt(pg.psql("SELECT setting FROM pg_settings WHERE name = 'shared_buffers'"));
        for (String host : List.of(pg.socketDir().toString(), "127.0.0.1")) {
            buffers += 16;
            Path run = Files.createDirectories(dir.resolve("run-" + buffers));

            AgentRun apply = AgentRun.inOwnJvm(run, List.of("apply", "--spec", sharedBuffers(dir, pg, buffers).toString(),
                    "--host", host, "--port", String.valueOf(pg.port()), "--user", pg.superuser(), "--dbname",
                    "postgres", "--requirepeer", pg.serverUser().name()));

            assertThat(apply.exitCode()).as(host + ": " + apply.err()).isZero();
            assertThat(apply.out()).as(host).contains("Restarted the server.");
            assertThat(apply.err()).as(host).doesNotContain("apply lock").doesNotContain("WARN")
                    .doesNotContain("Broken pipe");
        }
    }

    private static Path sharedBuffers(Path dir, PgCluster pg, int buffers) throws Exception {
        return Files.writeString(dir.resolve("buffers-" + buffers + ".yaml"), "server:\n  settings:\n"
                + "    shared_buffers: " + buffers + "\n  restart_command: \"" + pg.restartCommand().replace("\"", "\\\"")
                + "\"\n");
    }

    /** PGREQUIREPEER names the OS user the tests' server runs as, which is not postgres everywhere. */
    private static Map<String, String> socketEnv(PgCluster pg, String port) {
        return Map.of("PGHOST", pg.socketDir().toString(), "PGPORT", port, "PGUSER", pg.superuser(),
                "PGDATABASE", "postgres", "PGREQUIREPEER", pg.serverUser().name());
    }

    @AcrossPgVersions
    void aFlagBeatsTheEnvironment(PgCluster pg) {
        Map<String, String> env = socketEnv(pg, "1");

        AgentRun plan = agent(env, "plan", "--spec", IdentityBoxIT.SPEC, "--port", String.valueOf(pg.port()));

        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
    }
}
