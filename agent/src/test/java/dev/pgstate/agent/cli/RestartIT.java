package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts the agent asks for, over the Unix socket (where the session the restart ends fails loudly on close) and
 * over TCP: a restart that works is reported as one; one the server does not survive is rolled back.
 */
class RestartIT {

    private static final String START_TIME = "SELECT pg_postmaster_start_time()";

    @AcrossPgVersions
    void aRestartOverTheSocketIsReportedInTextAndJson(PgCluster pg, @TempDir Path dir) throws Exception {
        String started = pg.psql(START_TIME);
        Path spec = spec(dir, "max_connections: 45", restartCommand(pg));

        AgentRun apply = agent(socket(pg), "apply", "--spec", spec.toString());

        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).endsWith("Apply complete! 0 added, 1 changed, 0 destroyed.\nRestarted the server.\n");
        assertThat(pg.psql("SHOW max_connections")).isEqualTo("45");
        assertThat(pg.psql(START_TIME)).isNotEqualTo(started);

        // the platform's own command this time: the server's pg_ctl, writing on to the cluster's log
        Path json = spec(dir, "max_connections: 46", null);
        long logSize = Files.size(pg.logFile());
        AgentRun applyJson = agent(socket(pg), "apply", "--spec", json.toString(), "--format", "json");
        assertThat(applyJson.exitCode()).as(applyJson.err()).isZero();
        assertThat(applyJson.out()).contains("\"restarted\" : true");
        assertThat(Files.readString(pg.logFile()).substring((int) logSize))
                .contains("received fast shutdown request").contains("database system is ready to accept connections");
        assertThat(pg.psql("SHOW max_connections")).isEqualTo("46");
        assertThat(agent(socket(pg), "plan", "--spec", json.toString()).exitCode()).isZero();
        assertThat(pg.dataDir().resolve("postgresql.auto.conf.pgstate-previous")).doesNotExist();

        Path daemon = spec(dir, "max_connections: 48", null);
        AgentRun once = agent(socket(pg), "run", "--once", "--no-metrics", "--spec", daemon.toString(),
                "--state-directory", dir.toString());
        assertThat(once.exitCode()).as(once.err()).isZero();
        assertThat(once.out()).isEqualTo("enforce cycle 1 ok: 1 drifted, 1 changed, 0 pending\n");
        assertThat(pg.psql("SHOW max_connections")).isEqualTo("48");
    }

    @AcrossPgVersions
    void aRestartCommandThatFailsIsRolledBackOverTcpAndTheSocket(PgCluster pg, @TempDir Path dir) throws Exception {
        String stopThenFail = restartCommand(pg).replace("'restart'", "'stop'") + "; exit 1";
        for (boolean overSocket : List.of(false, true)) {
            Path spec = spec(dir, "max_connections: 47", stopThenFail);

            AgentRun apply = overSocket ? agent(socket(pg), "apply", "--spec", spec.toString())
                    : agentOn(pg, "apply", "--spec", spec.toString());

            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
            assertThat(apply.out() + apply.err()).contains("rolled back").doesNotContain("Broken pipe");
            assertThat(pg.psql("SHOW max_connections")).isEqualTo("50");
            assertThat(pg.psql("SELECT count(*) FROM pg_settings WHERE pending_restart")).isEqualTo("0");
        }
    }

    @AcrossPgVersions
    void aServerThatCannotStartWithTheNewValueIsRolledBackWithItsFatalLine(PgCluster pg, @TempDir Path dir)
            throws Exception {
        // passes every check before the restart (the directory exists), yet the server cannot make its socket there
        Path readOnly = readOnlyDirectory(dir);
        Path spec = spec(dir, "unix_socket_directories: " + readOnly + "\n    max_connections: 44", restartCommand(pg));

        AgentRun apply = agent(socket(pg), "apply", "--spec", spec.toString());

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
        assertThat(apply.out()).contains("Applied:\n  (nothing)\nRolled back with a failed change");
        assertThat(apply.out() + apply.err()).contains("rolled back")
                .contains("FATAL:  could not create lock file").contains("Permission denied");
        assertThat(pg.psql("SHOW max_connections")).isEqualTo("50");
        assertThat(Files.readString(pg.logFile())).contains("FATAL:");
        assertThat(agent(socket(pg), "plan", "--spec", spec.toString()).exitCode()).isEqualTo(2);
    }

    /**
     * An agent killed after writing the new values and before its restart leaves them on disk with its kept copy of
     * the file: the next run's restart fails the same way and must roll back to the kept copy, not to the file that
     * already holds the values the server cannot start with.
     */
    @AcrossPgVersions
    void aRunKilledBeforeItsRestartIsRolledBackToTheCopyItKept(PgCluster pg, @TempDir Path dir) throws Exception {
        Path readOnly = readOnlyDirectory(dir);
        Path autoConf = pg.dataDir().resolve("postgresql.auto.conf");
        byte[] original = Files.readAllBytes(autoConf);
        Path kept = pg.dataDir().resolve("postgresql.auto.conf.pgstate-previous");
        Files.write(kept, original);
        pg.serverUser().own(kept);
        pg.execute("ALTER SYSTEM SET unix_socket_directories = '" + readOnly + "'");
        Path spec = spec(dir, "unix_socket_directories: " + readOnly, restartCommand(pg));

        AgentRun apply = agentOn(pg, "apply", "--spec", spec.toString());

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
        assertThat(apply.out() + apply.err()).contains("rolled back");
        assertThat(Files.readAllBytes(autoConf)).isEqualTo(original);
        assertThat(kept).doesNotExist();
        assertThat(pg.psql("SHOW unix_socket_directories")).isEqualTo(pg.socketDir().toString());
        assertThat(agent(socket(pg), "plan", "--spec", spec.toString()).exitCode()).isEqualTo(2);
    }

    /**
     * A shutdown that takes longer than pg_ctl's default 60 s (here the archiver finishing a slow archive_command,
     * which a fast shutdown waits for) still ends in a restart with the default command, not a stopped server.
     */
    @Test
    @PgVersion(16)
    void aSlowShutdownRestartsWithTheDefaultCommand(PgCluster pg, @TempDir Path dir) throws Exception {
        Path archiving = spec(dir, "archive_mode: \"on\"\n    archive_command: \"sleep 65\"", null);
        AgentRun setUp = agent(socket(pg), "apply", "--spec", archiving.toString());
        assertThat(setUp.exitCode()).as(setUp.out() + setUp.err()).isZero();
        pg.execute("CREATE TABLE IF NOT EXISTS filler AS SELECT generate_series(1, 1000) AS n");
        pg.execute("SELECT pg_switch_wal()"); // a segment for the archiver, which the shutdown then waits for
        Path slow = spec(dir, "archive_mode: \"on\"\n    archive_command: \"sleep 65\"\n    max_connections: 43",
                null);

        long began = System.nanoTime();
        AgentRun apply = agent(socket(pg), "apply", "--spec", slow.toString());

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).endsWith("Restarted the server.\n");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThan(Duration.ofSeconds(60));
        assertThat(pg.psql("SHOW max_connections")).isEqualTo("43");
        pg.execute("DROP TABLE filler");
        pg.execute("ALTER SYSTEM SET archive_command = 'true'"); // the next segments archive at once
        pg.execute("SELECT pg_reload_conf()");
    }

    /** Checked when planning, over TCP and the socket: refused with exit 65, nothing written, the server untouched. */
    @AcrossPgVersions
    void aSettingTheServerCouldNotStartWithIsRefusedWhenPlanning(PgCluster pg, @TempDir Path dir) throws Exception {
        String started = pg.psql(START_TIME);
        byte[] autoConf = Files.readAllBytes(pg.dataDir().resolve("postgresql.auto.conf"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> refused = Map.of(
                    "shared_preload_libraries: does_not_exist",
                    "server.settings.shared_preload_libraries: the library \"does_not_exist\" is not in ",
                    "session_preload_libraries: \"$libdir/plpgsql, nowhere\"",
                    "server.settings.session_preload_libraries: the library \"nowhere\" is not in ",
                    "ssl_dh_params_file: " + dir.resolve("nonexistent.pem"),
                    "server.settings.ssl_dh_params_file: " + dir.resolve("nonexistent.pem") + " does not exist",
                    "unix_socket_directories: " + dir.resolve("no-such-dir"),
                    "server.settings.unix_socket_directories: the directory " + dir.resolve("no-such-dir")
                            + " does not exist");
            for (Map.Entry<String, String> setting : refused.entrySet()) {
                Path spec = spec(dir, setting.getKey(), null);
                for (boolean overSocket : List.of(false, true)) {
                    for (String verb : List.of("plan", "apply")) {
                        AgentRun run = overSocket ? agent(socket(pg), verb, "--spec", spec.toString())
                                : agentOn(pg, verb, "--spec", spec.toString());
                        assertThat(run.exitCode()).as(setting.getKey() + ": " + run.out() + run.err()).isEqualTo(65);
                        assertThat(run.err()).contains(setting.getValue());
                    }
                }
            }
            Path listen = Files.writeString(dir.resolve("listen.yaml"), "server:\n  listen_addresses: [10.255.255.1]\n");
            AgentRun plan = agent(socket(pg), "plan", "--spec", listen.toString());
            assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(65);
            assertThat(plan.err()).contains("server.listen_addresses: \"10.255.255.1\" is not an address of any "
                    + "interface of this machine");
            Path port = Files.writeString(dir.resolve("port.yaml"), "server:\n  port: " + taken.getLocalPort() + "\n");
            AgentRun apply = agentOn(pg, "apply", "--spec", port.toString());
            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(65);
            assertThat(apply.err()).contains("server.port: port " + taken.getLocalPort() + " is in use by another process");
        }
        assertThat(Files.readAllBytes(pg.dataDir().resolve("postgresql.auto.conf"))).isEqualTo(autoConf);
        assertThat(pg.psql(START_TIME)).isEqualTo(started);
        // a library the server has passes, by name and by $libdir path
        Path fine = spec(dir, "shared_preload_libraries: \"plpgsql, $libdir/plpgsql\"", null);
        AgentRun plan = agent(socket(pg), "plan", "--spec", fine.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
    }

    /** A directory the server cannot create its socket in: any restart with it there fails. */
    static Path readOnlyDirectory(Path dir) throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        return readOnly;
    }

    static Map<String, String> socket(PgCluster pg) {
        return Map.of("PGHOST", pg.socketDir().toString(), "PGPORT", String.valueOf(pg.port()),
                "PGUSER", pg.superuser(), "PGDATABASE", "postgres");
    }

    static Path spec(Path dir, String settings, String restartCommand) throws Exception {
        String command = restartCommand == null ? "" : "  restart_command: \"" + restartCommand.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"\n";
        return Files.writeString(Files.createTempFile(dir, "restart", ".yaml"),
                "server:\n" + command + "  settings:\n    " + settings + "\n");
    }

    /** The testkit's pg_ctl as the server's OS user, writing to the cluster's log. */
    static String restartCommand(PgCluster pg) {
        List<String> argv = pg.serverUser().command(List.of(pg.binaries().bin("pg_ctl").toString(), "restart",
                "-D", pg.dataDir().toString(), "-m", "fast", "-w", "-t", "60", "-l", pg.logFile().toString()));
        return argv.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
