package dev.pgstate.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The idle daemon as a box runs it: {@code agent run} started by the package's launcher (its JVM options, and the
 * class data sharing archive the CLI runs before it recorded), on a converged server, measured from outside through
 * /proc (resident memory, CPU time) and its metrics (cycles).
 */
final class DaemonFootprint {

    private static final String INTERVAL = "500ms";
    private static final int WARM_UP_CYCLES = 10;
    private static final int MEASURED_CYCLES = 20;
    private static final double CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux
    /** Room for a first cycle at the largest size, which checks every password with C1-compiled code. */
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    /**
     * Resident memory after the measured cycles, CPU time per idle cycle, and the machine's load average (1, 5 and
     * 15 minutes, from /proc/loadavg) when they ended: CPU time per cycle grows on a busy machine too.
     */
    record Result(String spec, int cycles, long residentMb, double cpuMsPerCycle, String loadAverage) {
    }

    private final AgentProcess agent;
    private final Path workDir;

    DaemonFootprint(AgentProcess agent, Path workDir) {
        this.agent = agent;
        this.workDir = workDir;
    }

    Result measure(Path spec, List<String> connectionFlags) throws Exception {
        int metricsPort = freePort();
        List<String> args = new ArrayList<>(List.of("run", "--spec", spec.toString(), "--interval", INTERVAL,
                "--mode", "enforce", "--metrics", "127.0.0.1:" + metricsPort));
        args.addAll(connectionFlags);
        Process daemon = agent.start(args, workDir.resolve("daemon-output.txt"));
        try {
            long start = awaitCycles(metricsPort, WARM_UP_CYCLES, daemon);
            long cpuBefore = cpuTicks(daemon.pid());
            long end = awaitCycles(metricsPort, start + MEASURED_CYCLES, daemon);
            long cpuAfter = cpuTicks(daemon.pid());
            long residentKb = residentKb(daemon.pid());
            return new Result(spec.getFileName().toString(), (int) (end - start), residentKb / 1024,
                    (cpuAfter - cpuBefore) * CLOCK_TICK_MS / (end - start), loadAverage());
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }
    }

    /** Polls the daemon's own cycle counter until it reaches {@code cycles}; returns the count seen. */
    private static long awaitCycles(int port, long cycles, Process daemon) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("the daemon exited with " + daemon.exitValue());
            }
            try {
                long seen = cycleCount(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                if (seen >= cycles) {
                    return seen;
                }
            } catch (IOException notListeningYet) {
                // the endpoint starts with the daemon: keep polling until the deadline
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the daemon did not reach " + cycles + " cycles in " + DEADLINE);
    }

    private static long cycleCount(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("pgstate_cycle_duration_seconds_count"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    /** utime + stime from /proc/PID/stat (fields 14 and 15, counted after the parenthesised command name). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long residentKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).orElseThrow();
    }

    /** The load average over 1, 5 and 15 minutes, from /proc/loadavg. */
    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
