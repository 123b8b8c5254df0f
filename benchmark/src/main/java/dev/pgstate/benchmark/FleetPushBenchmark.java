package dev.pgstate.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.agent.cli.Main;
import dev.pgstate.testkit.SshBoxServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code bin/benchmark push [--boxes 50] [--parallel 10] [--canary none]}: {@code agent push} to simulated boxes,
 * each an SSH server in this JVM (MINA SSHD) whose "agent" is a script that answers the version, plans one change
 * and takes 1 s to apply it. Prints the wall time against the ideal, boxes / parallel × 1 s, whatever the
 * rollout: what is above it is the push's own cost (SSH handshakes, uploads, the canary's turn alone) and, since
 * every box is simulated on this machine, the boxes' (their SSH servers, their commands); with a canary also against
 * the ideal that counts its turn alone; and the CPU time all of that took, with the load average to judge it by.
 */
final class FleetPushBenchmark {

    private static final String STUB_AGENT = """
            #!/bin/sh
            # a box's agent as far as the push can tell: version, a plan with one change, an apply that takes 1 s
            case "$1" in
              --version) echo "pgstate agent 99.0.0" ;;
              plan) echo '{"changes":[{"address":"role.app","action":"create","attributes":[]}],"manual_actions":[],"unmanaged":[]}'; exit 2 ;;
              apply) sleep 1; echo '{"result":{"applied":["role.app"]}}' ;;
              *) echo "unexpected: $*" >&2; exit 64 ;;
            esac
            """;

    /** The step, in the push's JSON, of a box planned ahead and waiting for its turn. */
    private static final String WAIT_STEP = "waiting for its turn";

    private FleetPushBenchmark() {
    }

    /** utime and stime of this process: the push and the simulated boxes' SSH servers. */
    private static final int JVM = 11;
    /** cutime and cstime: the boxes' commands, children of this process that have ended (reaped by the servers). */
    private static final int CHILDREN = 13;

    /**
     * CPU time from {@code /proc/self/stat}, in clock ticks of 1/100 s: the two fields from {@code first} on, counted
     * after the state (the third field of the file, fields[0] here), so utime, the 14th field, is fields[11].
     */
    private static double cpuSeconds(int first) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[first]) + Long.parseLong(fields[first + 1])) / 100.0;
    }

    /** {@code connecting 0.19, version 0.23, …}: one box's steps as the push's JSON report has them. */
    private static String steps(JsonNode box) {
        List<String> steps = new ArrayList<>();
        box.path("steps").forEach(step -> steps.add(String.format(Locale.ROOT, "%s %.3f", step.path("step").asText(),
                step.path("seconds").asDouble())));
        return String.join(", ", steps);
    }

    /** Each step's median over the boxes from {@code first} on, in the order the steps come. */
    private static String medianSteps(JsonNode boxes, int first) {
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int box = first; box < boxes.size(); box++) {
            boxes.get(box).path("steps").forEach(step -> seconds.computeIfAbsent(step.path("step").asText(),
                    name -> new ArrayList<>()).add(step.path("seconds").asDouble()));
        }
        List<String> medians = new ArrayList<>();
        seconds.forEach((step, times) -> medians.add(String.format(Locale.ROOT, "%s %.3f", step,
                times.stream().sorted().toList().get(times.size() / 2))));
        return String.join(", ", medians);
    }

    /** The load average of the last minute: the machine is shared, and the figures mean little without it. */
    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    /** A box's own time: its seconds less its wait for its turn, which is the rollout's and not the box's. */
    private static double ownSeconds(JsonNode box) {
        double waited = 0;
        for (JsonNode step : box.path("steps")) {
            if (step.path("step").asText().equals(WAIT_STEP)) {
                waited += step.path("seconds").asDouble();
            }
        }
        return box.path("seconds").asDouble() - waited;
    }

    /**
     * The push's progress lines (stderr when not a terminal: a line when a box starts, a line when one finishes),
     * timed as they come: the first is the first box's start, the last the last box's end.
     */
    private static final class TimedLines extends StringWriter {
        private long firstAt;
        private long lastAt;

        @Override
        public void write(String text) {
            write(text, 0, text.length());
        }

        @Override
        public void write(String text, int offset, int length) {
            super.write(text, offset, length);
            if (text.substring(offset, offset + length).indexOf('\n') >= 0) {
                lastAt = System.nanoTime();
                if (firstAt == 0) {
                    firstAt = lastAt;
                }
            }
        }

        long firstAt() {
            return firstAt;
        }

        long lastAt() {
            return lastAt;
        }
    }

    static void run(int boxes, int parallel, boolean noCanary, Path dir) throws Exception {
        // the simulated boxes start their commands as sshd does, by fork and exec: the JDK's default start goes through
        // a helper process (jspawnhelper), doubling the execs the boxes' side costs on the benchmark's shared CPU
        System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        KeyPair login = SshBoxServer.newKeyPair();
        Path identity = SshBoxServer.writeIdentity(dir.resolve("id_bench"), login);
        Path stub = Files.writeString(dir.resolve("stub-agent"), STUB_AGENT);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
        List<SshBoxServer> servers = new ArrayList<>();
        try {
            StringBuilder knownHosts = new StringBuilder();
            StringBuilder inventory = new StringBuilder("boxes:\n");
            for (int i = 1; i <= boxes; i++) {
                SshBoxServer server = SshBoxServer.start(login.getPublic(), Map.of());
                servers.add(server);
                knownHosts.append(server.knownHostsLine());
                Path specDir = Files.createDirectories(dir.resolve("box" + i));
                inventory.append("""
                          - name: box%d
                            host: 127.0.0.1
                            port: %d
                            identity_file: %s
                            agent_command: %s
                            spec_path: %s
                        """.formatted(i, server.port(), identity, stub, specDir.resolve("spec.yaml")));
            }
            Path knownHostsFile = Files.writeString(dir.resolve("known_hosts"), knownHosts);
            Path inventoryFile = Files.writeString(dir.resolve("inventory.yaml"), inventory);
            Files.setPosixFilePermissions(inventoryFile, PosixFilePermissions.fromString("rw-------"));
            Path spec = Files.writeString(dir.resolve("spec.yaml"), "roles:\n  - name: app_${box.name}\n    login: true\n");

            StringWriter out = new StringWriter();
            TimedLines err = new TimedLines();
            CommandLine push = Main.commandLine(Map.of());
            push.setOut(new PrintWriter(out, true));
            push.setErr(new PrintWriter(err, true));
            String loadBefore = loadAverage();
            double jvmCpuBefore = cpuSeconds(JVM);
            double commandsCpuBefore = cpuSeconds(CHILDREN);
            long start = System.nanoTime();
            List<String> args = new ArrayList<>(List.of("push", "--spec", spec.toString(), "--inventory",
                    inventoryFile.toString(), "--known-hosts", knownHostsFile.toString(), "--parallel",
                    String.valueOf(parallel), "--format", "json"));
            if (noCanary) {
                args.addAll(List.of("--canary", "none"));
            }
            int exitCode = push.execute(args.toArray(String[]::new));
            long end = System.nanoTime();
            double wall = (end - start) / 1e9;
            double jvmCpu = cpuSeconds(JVM) - jvmCpuBefore;
            double commandsCpu = cpuSeconds(CHILDREN) - commandsCpuBefore;
            JsonNode report = new ObjectMapper().readTree(out.toString());
            if (exitCode != 0 || report.path("summary").path("changed").asInt() != boxes) {
                throw new IllegalStateException("the push did not change every box (exit " + exitCode + "):\n" + out
                        + err);
            }
            JsonNode pushed = report.path("boxes");
            int first = noCanary ? 0 : 1;
            List<Double> own = new ArrayList<>();
            for (int box = first; box < pushed.size(); box++) {
                own.add(ownSeconds(pushed.get(box)));
            }
            own.sort(null);
            double ideal = Math.ceil((double) boxes / parallel);
            System.out.printf(Locale.ROOT, "where a box's time went, step by step (seconds): %s each step's median "
                    + "over %s %s%n", noCanary ? "" : "the canary " + steps(pushed.get(0)) + "; ",
                    noCanary ? "the boxes" : "the others", medianSteps(pushed, first));
            System.out.printf(Locale.ROOT, """
                    push to %d simulated boxes, --parallel %d%s, apply stubbed by a 1 s sleep: wall %.2f s
                      against the issue's ideal %.0f s (boxes / parallel × 1 s): %.2f× (target ≤ 1.30×)
                    """, boxes, parallel, noCanary ? ", --canary none" : "", wall, ideal, wall / ideal);
            System.out.printf(Locale.ROOT, "  before the first box started (reading, rendering): %.2f s; after the last "
                    + "finished (the report): %.2f s%n", (err.firstAt() - start) / 1e9, (end - err.lastAt()) / 1e9);
            if (!noCanary) {
                double canary = pushed.get(0).path("seconds").asDouble();
                double idealAfterCanary = Math.ceil((boxes - 1.0) / parallel);
                System.out.printf(Locale.ROOT, """
                          the canary's turn alone: %.2f s (its ideal 1 s); the %d boxes after it: %.2f s (ideal %.0f s: %.2f×)
                          against the ideal with the canary's turn alone (1 s + %.0f s): %.2f×
                        """, canary, boxes - 1, wall - canary, idealAfterCanary, (wall - canary) / idealAfterCanary,
                        idealAfterCanary, wall / (1 + idealAfterCanary));
            }
            System.out.printf(Locale.ROOT, """
                      one box%s, its own time (connection to apply's end, its wait for its turn aside): median %.2f s, slowest %.2f s
                        (1 s of it the stub's sleep)
                      CPU %.2f s in this JVM (the push and the %d boxes' SSH servers), %.2f s in the boxes' commands
                      load average %s before, %s after (%d cores)
                    """, noCanary ? "" : ", the canary aside", own.get(own.size() / 2), own.get(own.size() - 1),
                    jvmCpu, boxes, commandsCpu, loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors());
        } finally {
            for (SshBoxServer server : servers) {
                server.close();
            }
        }
    }
}
