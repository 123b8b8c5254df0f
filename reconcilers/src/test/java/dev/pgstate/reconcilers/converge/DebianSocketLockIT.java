package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.SettingsStrategy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.secret.SecretResolver;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A Debian cluster (postgresql-common) whose postmaster is killed with SIGKILL leaves its socket's lock file, {@code
 * /var/run/postgresql/.s.PGSQL.PORT.lock}, naming the dead postmaster. The agent's restart there, its platform
 * default {@code pg_ctlcluster VERSION CLUSTER restart}, still brings the server back: pg_ctlcluster removes the
 * stale pid file and the new postmaster replaces a lock whose process is gone, so nothing is left down. Needs root
 * (pg_createcluster writes /etc/postgresql) and Debian's packages, which CI installs.
 */
class DebianSocketLockIT {

    private static final Path SOCKETS = Path.of("/var/run/postgresql");

    @Test
    void aPostmasterKilledBeforeTheRestartIsBroughtBackPastItsStaleSocketLock() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/pg_createcluster")),
                "needs root and Debian's postgresql-common");
        String version = newestDebianMajor();
        String cluster = "pgstate-lock-" + ProcessHandle.current().pid();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        run("pg_createcluster", version, cluster, "-p", String.valueOf(port));
        try {
            Path hba = Path.of("/etc/postgresql", version, cluster, "pg_hba.conf");
            Files.writeString(hba, "local all all trust\n"); // the tests' JVM is root, not the postgres of peer
            run("pg_ctlcluster", version, cluster, "start");
            Path dataDirectory = Path.of("/var/lib/postgresql", version, cluster);
            Path lock = SOCKETS.resolve(".s.PGSQL." + port + ".lock");
            String buffers = "" + (Integer.parseInt(psql(port, "SHOW shared_buffers").replace("MB", "")) + 16) + "MB";
            long[] killed = new long[1];
            ApplyListener killer = new ApplyListener() {
                @Override
                public void afterChange(Change change) {
                    killed[0] = killPostmaster(dataDirectory);
                }
            };

            ConvergeResult result = overSocket(port).apply(Spec.builder().server(ServerSpec.builder()
                    .settings(Map.of("shared_buffers", buffers)).strategy(SettingsStrategy.ALTER_SYSTEM)
                    .restart(RestartPolicy.IF_NEEDED).build()).build(), killer);

            assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                    .isEqualTo(ConvergeResult.Outcome.CONVERGED);
            assertThat(result.effects().restarted()).isTrue();
            assertThat(psql(port, "SHOW shared_buffers")).isEqualTo(buffers);
            long postmaster = firstLine(dataDirectory.resolve("postmaster.pid"));
            assertThat(postmaster).isNotEqualTo(killed[0]);
            assertThat(firstLine(lock)).as("the socket lock names the new postmaster").isEqualTo(postmaster);
        } finally {
            run("pg_dropcluster", "--stop", version, cluster);
        }
    }

    /** Kills the postmaster with SIGKILL and checks it left its socket lock behind; returns its pid. */
    private static long killPostmaster(Path dataDirectory) {
        try {
            long pid = firstLine(dataDirectory.resolve("postmaster.pid"));
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().get(30, TimeUnit.SECONDS);
            String port = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(3).trim();
            assertThat(firstLine(SOCKETS.resolve(".s.PGSQL." + port + ".lock"))).as("a stale socket lock")
                    .isEqualTo(pid);
            return pid;
        } catch (Exception e) {
            throw new IllegalStateException("cannot kill the postmaster: " + e, e);
        }
    }

    private static long firstLine(Path file) throws IOException {
        return Long.parseLong(Files.readAllLines(file).get(0).trim());
    }

    private static String newestDebianMajor() throws IOException {
        try (Stream<Path> majors = Files.list(Path.of("/usr/lib/postgresql"))) {
            return majors.filter(dir -> Files.isExecutable(dir.resolve("bin/postgres")))
                    .map(dir -> dir.getFileName().toString()).filter(name -> name.matches("\\d+"))
                    .max(Comparator.comparingInt(Integer::parseInt)).orElseThrow();
        }
    }

    private static String psql(int port, String sql) throws Exception {
        return run("runuser", "-u", "postgres", "--", "psql", "-XAtq", "-h", SOCKETS.toString(), "-p",
                String.valueOf(port), "-d", "postgres", "-c", sql).strip();
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static Converger overSocket(int port) {
        ConnectionSettings socket = new ConnectionSettings(SOCKETS.toString(), port, "postgres", "postgres", null,
                null, null, null, null, null, "postgres");
        return new Converger(new Connector(ConnectionSettings.resolve(socket, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
