package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent, as its own JVM, killed with SIGKILL at points of a restart the server does not survive: whatever it
 * had started finishes without it, and the server ends up running on its previous configuration with whole files;
 * the next run finishes the rollback.
 */
class RestartKillIT {

    @AcrossPgVersions
    void anAgentKilledDuringARestartWithRollbackNeverLeavesTheServerDown(PgCluster pg, @TempDir Path dir)
            throws Exception {
        Path readOnly = RestartIT.readOnlyDirectory(dir);
        Path spec = RestartIT.spec(dir, "unix_socket_directories: " + readOnly + "\n    max_connections: 44", null);
        Path autoConf = pg.dataDir().resolve("postgresql.auto.conf");
        byte[] original = Files.readAllBytes(autoConf);

        int killedAfterTheRestartBegan = 0;
        for (long killAfterMillis : List.of(0L, 300L, 900L, 2000L)) {
            String started = pg.psql("SELECT pg_postmaster_start_time()");
            Instant launched = Instant.now().minusSeconds(1);
            Process agent = startAgent(pg, dir, "apply", "--spec", spec.toString());
            awaitKeptCopy(autoConf, launched, agent);
            Thread.sleep(killAfterMillis);
            List<ProcessHandle> children = agent.descendants().toList();
            agent.destroyForcibly();
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
            awaitRestartCommand(children);

            String when = "killed " + killAfterMillis + " ms after the previous file was kept";
            killedAfterTheRestartBegan += pg.psql("SELECT pg_postmaster_start_time()").equals(started) ? 0 : 1;
            assertThat(pg.psql("SHOW max_connections")).as(when).isEqualTo("50");
            String onDisk = Files.readString(autoConf);
            assertThat(onDisk).as(when).startsWith(new String(original)).endsWith("\n");
            AgentRun next = agentOn(pg, "apply", "--spec", spec.toString());
            assertThat(next.exitCode()).as(when + ": " + next.out() + next.err()).isEqualTo(1);
            assertThat(next.err()).as(when).contains("rolled back");
            assertThat(Files.readAllBytes(autoConf)).as(when).isEqualTo(original);
            assertThat(pg.psql("SHOW unix_socket_directories")).as(when).isEqualTo(pg.socketDir().toString());
        }
        assertThat(killedAfterTheRestartBegan).as("kills that came after the restart began").isPositive();
    }

    /**
     * Waits until the agent has kept the previous file beside the one it changes, the last step before it writes the
     * new values and restarts: kill points are counted from there, not from the JVM's start, which a busy machine
     * delays by seconds.
     */
    private static void awaitKeptCopy(Path file, Instant launched, Process agent) throws Exception {
        Path kept = file.resolveSibling(file.getFileName() + ".pgstate-previous");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(kept) && Files.getLastModifiedTime(kept).toInstant().isAfter(launched))) {
            assertThat(agent.isAlive()).as("the agent still runs before keeping " + kept).isTrue();
            assertThat(System.nanoTime()).as("time waiting for " + kept).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /**
     * The restart command goes on without the agent: waits until each process it had left has ended, or has become
     * the server itself (the way back starts a postmaster, which outlives the command by design).
     */
    private static void awaitRestartCommand(List<ProcessHandle> orphans) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (orphans.stream().anyMatch(orphan -> orphan.isAlive() && !isServer(orphan))) {
            assertThat(System.nanoTime()).as("time waiting for the restart command to end").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static boolean isServer(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/postgres")).orElse(false);
    }

    /** A new JVM on this test's class path running the agent's main class, left running. */
    private static Process startAgent(PgCluster pg, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(pg.port()), "--user", pg.superuser(),
                "--dbname", "postgres"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        return builder.start();
    }
}
