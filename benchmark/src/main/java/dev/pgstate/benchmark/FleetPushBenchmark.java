package dev.pgstate.benchmark;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code bin/benchmark push [--boxes 50] [--parallel 10]}: {@code agent push} to simulated boxes, each an SSH server
 * in this JVM (MINA SSHD) whose "agent" is a script that answers the version, plans one change and takes 1 s to
 * apply it. Prints the wall time against the ideal, boxes / parallel × 1 s: what is above it is the push's own cost
 * (SSH handshakes, uploads, the canary's turn alone) and, since every box is simulated on this machine, the boxes'
 * (their SSH servers, their commands); and the CPU time all of that took, with the load average to judge it by.
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

    private FleetPushBenchmark() {
    }

    /**
     * CPU time of this process and of its children that have ended (the boxes' commands, reaped by the servers):
     * {@code /proc/self/stat}'s utime, stime, cutime and cstime, in clock ticks of 1/100 s.
     */
    private static double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state, the third field of the file: utime is its 14th, so fields[11] here
        long ticks = 0;
        for (int field = 11; field <= 14; field++) {
            ticks += Long.parseLong(fields[field]);
        }
        return ticks / 100.0;
    }

    static void run(int boxes, int parallel, Path dir) throws Exception {
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
            StringWriter err = new StringWriter();
            CommandLine push = Main.commandLine(Map.of());
            push.setOut(new PrintWriter(out, true));
            push.setErr(new PrintWriter(err, true));
            double cpuBefore = cpuSeconds();
            long start = System.nanoTime();
            int exitCode = push.execute("push", "--spec", spec.toString(), "--inventory", inventoryFile.toString(),
                    "--known-hosts", knownHostsFile.toString(), "--parallel", String.valueOf(parallel));
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = cpuSeconds() - cpuBefore;
            String summary = out.toString().lines().reduce((first, second) -> second).orElse("");
            if (exitCode != 0 || !summary.contains(boxes + " changed")) {
                throw new IllegalStateException("the push did not change every box (exit " + exitCode + "):\n" + out
                        + err);
            }
            double ideal = Math.ceil((double) boxes / parallel);
            double withCanary = 1 + Math.ceil((boxes - 1.0) / parallel);
            System.out.print(out);
            System.out.printf(Locale.ROOT, "push to %d simulated boxes, --parallel %d, apply stubbed by a 1 s sleep: "
                    + "wall %.2f s; ideal %.0f s: %.2f× (target ≤ 1.30×); the canary's turn alone makes the floor "
                    + "%.0f s (%.2f×); CPU %.2f s (push and servers in this JVM, and the boxes' commands); load "
                    + "average %s (%d cores)%n", boxes, parallel, wall, ideal, wall / ideal, withCanary,
                    withCanary / ideal, cpu, Files.readString(Path.of("/proc/loadavg")).split(" ")[0],
                    Runtime.getRuntime().availableProcessors());
        } finally {
            for (SshBoxServer server : servers) {
                server.close();
            }
        }
    }
}
