package dev.pgstate.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.secret.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/benchmark daemon [--sizes 1000,10000] [--postgres 18] [--out FILE]}: the idle daemon alone, for each size
 * and {@link Variant}, on a server the benchmark converged in-process beforehand. A whole run at 10,000 roles spends
 * most of its time on the CLI's cold plans and the psql floors; this measures the one figure the daemon's target is
 * about in a few minutes per size.
 */
final class IdleDaemonBenchmark {

    /** One size and variant: how long the in-process apply that converged the server took, then the daemon. */
    record Row(int loginRoles, String variant, double convergeMs, DaemonFootprint.Result idleDaemon) {
    }

    private final BenchmarkServer server;
    private final Path workDir;

    IdleDaemonBenchmark(BenchmarkServer server, Path workDir) {
        this.server = server;
        this.workDir = workDir;
    }

    List<Row> run(List<Integer> sizes) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            for (Variant variant : Variant.values()) {
                System.err.println("idle daemon: " + size + " login roles, " + variant.label() + "…");
                rows.add(measure(size, variant));
            }
        }
        return rows;
    }

    private Row measure(int size, Variant variant) throws Exception {
        SpecGenerator generator = new SpecGenerator(size, variant, SecretFiles.write(workDir.resolve("secrets"), size));
        Path specFile = workDir.resolve("spec-" + size + "-" + variant.name().toLowerCase() + ".yaml");
        Files.writeString(specFile, generator.yaml());
        Spec spec = Specs.load(specFile);
        server.reset();
        Converger converger = new Converger(server.connector(), Duration.ofSeconds(60),
                new SecretResolver(Map.of(), Optional.empty()), new Planner());
        ConvergeResult[] applied = new ConvergeResult[1];
        double convergeMs = Timing.millis(() -> applied[0] = converger.apply(spec, ApplyListener.NONE));
        if (applied[0].outcome() != ConvergeResult.Outcome.CONVERGED) {
            throw new IllegalStateException("the apply before the idle daemon did not converge");
        }
        DaemonFootprint.Result idle = new DaemonFootprint(server.agent(workDir), workDir)
                .measure(specFile, server.connectionFlags());
        return new Row(size, variant.label(), convergeMs, idle);
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

    static void writeJson(List<Row> rows, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), rows);
    }
}
