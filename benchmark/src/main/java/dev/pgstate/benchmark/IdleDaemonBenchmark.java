package dev.pgstate.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/benchmark daemon [--sizes 1000,10000] [--postgres 18] [--out FILE]}: the idle daemon alone, for each size
 * and {@link Variant}, on a server the benchmark converged in-process beforehand. A whole run at 10,000 roles spends
 * most of its time on the CLI's cold plans and the psql floors; this measures the one figure the daemon's target is
 * about in a few minutes per size.
 */
record IdleDaemonBenchmark(BenchmarkServer server, Path workDir) {

    /** One size and variant: how long the in-process apply that converged the server took, then the daemon. */
    record Row(int loginRoles, String variant, double convergeMs, DaemonFootprint.Result idleDaemon) {
    }

    List<Row> run(List<Integer> sizes) throws Exception {
        return ConvergedSpec.eachSizeAndVariant(server, workDir, sizes, "idle daemon", this::measure);
    }

    private Row measure(ConvergedSpec converged, int size, Variant variant) throws Exception {
        DaemonFootprint.Result idle = new DaemonFootprint(server.agent(workDir), workDir)
                .measure(converged.file(), server.connectionFlags());
        return new Row(size, variant.label(), converged.convergeMs(), idle);
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder("The idle daemon (500 ms interval, enforce mode) on a converged server\n");
        out.append(String.format(Locale.ROOT, "%6s %-12s | %10s %13s | %s%n", "roles", "variant", "daemon RSS",
                "CPU per cycle", "load average (1, 5, 15 min) after"));
        out.append(String.format(Locale.ROOT, "%6s %-12s | %10s %13s |%n", "", "", "[<= 150 MB]", "[<= 150 ms]"));
        for (Row row : rows) {
            DaemonFootprint.Result idle = row.idleDaemon();
            out.append(String.format(Locale.ROOT, "%6d %-12s | %7d MB %10.1f ms | %s%n", row.loginRoles(),
                    row.variant(), idle.residentMb(), idle.cpuMsPerCycle(), idle.loadAverage()));
        }
        return out.toString();
    }
}
