package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path spec = spec(dir, "unix_socket_directories: " + readOnly + "\n    max_connections: 44", restartCommand(pg));

        AgentRun apply = agent(socket(pg), "apply", "--spec", spec.toString());

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
        assertThat(apply.out() + apply.err()).contains("rolled back")
                .contains("FATAL:  could not create lock file").contains("Permission denied");
        assertThat(pg.psql("SHOW max_connections")).isEqualTo("50");
        assertThat(Files.readString(pg.logFile())).contains("FATAL:");
        assertThat(agent(socket(pg), "plan", "--spec", spec.toString()).exitCode()).isEqualTo(2);
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
