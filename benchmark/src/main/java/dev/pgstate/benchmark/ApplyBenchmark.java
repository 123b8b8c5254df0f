package dev.pgstate.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/benchmark apply [--sizes 1000,10000] [--postgres 18] [--out FILE]}: {@code apply} from an empty cluster
 * alone, beside its floor (the same DDL as one {@code psql -f} script), for each size and {@link Variant}: through the
 * CLI as a user types it (the launcher, its class data sharing archive recorded by a {@code plan} before, a state
 * directory with nothing remembered) and in this JVM as the whole run measures it. A whole run at 10,000 roles takes
 * most of an hour; this takes minutes.
 */
record ApplyBenchmark(BenchmarkServer server, Path workDir) {

    /** One size and variant; wall and CPU time of each apply (the CLI's: GNU time's, 0 without it). */
    record Row(int loginRoles, String variant, int changes, double floorMs, double cliMs, double cliCpuMs,
               double inProcessMs, double inProcessCpuMs, String loadAverage) {

        @JsonProperty
        double cliOverFloor() {
            return cliMs / floorMs;
        }

        @JsonProperty
        double inProcessOverFloor() {
            return inProcessMs / floorMs;
        }
    }

    List<Row> run(List<Integer> sizes) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            for (Variant variant : Variant.values()) {
                System.err.println("apply from empty: " + size + " login roles, " + variant.label() + "…");
                rows.add(measure(size, variant));
            }
        }
        return rows;
    }

    private Row measure(int size, Variant variant) throws Exception {
        Path specFile = SpecGenerator.write(workDir, size, variant);
        Spec spec = Specs.load(specFile);
        ApplyFromEmpty fromEmpty = new ApplyFromEmpty(server, workDir);
        Plan plan = fromEmpty.planOnEmpty(spec);
        AgentProcess agent = server.agent(workDir);
        // exit 2: changes pending, on the empty server
        agent.recordArchive(server.withConnectionFlags(List.of("plan", "--spec", specFile.toString())), 2);
        double floorMs = fromEmpty.psqlFloor(plan, size);
        AgentProcess.Run cli = fromEmpty.cli(agent, specFile, size + "-" + variant);
        Timing.WallAndCpu inProcess = fromEmpty.inProcess(spec);
        return new Row(size, variant.label(), plan.changes().size(), floorMs, cli.wallMs(), cli.cpuMs(),
                inProcess.wallMs(), inProcess.cpuMs(), DaemonFootprint.loadAverage());
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder("Apply from an empty cluster (ms) beside the same DDL as one psql -f script"
                + " (floor): through the CLI\n(a first apply, the archive recorded by a plan before) and in-process; "
                + "wall, CPU (the agent's own) and wall / floor; target of issue 16: <= 1.1\n");
        out.append(String.format(Locale.ROOT, "%6s %-12s %7s | %7s | %7s %6s %5s | %7s %6s %5s | %s%n", "roles",
                "variant", "changes", "psql -f", "CLI", "CPU", "ratio", "in-proc", "CPU", "ratio",
                "load average (1, 5, 15 min) after"));
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%6d %-12s %7d | %7.0f | %7.0f %6.0f %5.2f | %7.0f %6.0f %5.2f | %s%n",
                    row.loginRoles(), row.variant(), row.changes(), row.floorMs(), row.cliMs(), row.cliCpuMs(),
                    row.cliOverFloor(), row.inProcessMs(), row.inProcessCpuMs(), row.inProcessOverFloor(),
                    row.loadAverage()));
        }
        return out.toString();
    }
}
