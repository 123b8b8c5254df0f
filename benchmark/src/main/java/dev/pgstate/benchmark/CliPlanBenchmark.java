package dev.pgstate.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/benchmark plan [--sizes 1000,10000] [--postgres 18] [--out FILE]}: the headline rows alone, the converged
 * {@code plan} through the CLI with the launcher's class data sharing archive, with the password checks of the run
 * before remembered and cold (nothing remembered: one PBKDF2 per password), for each size and {@link Variant}, on a
 * server the benchmark converged in-process beforehand. A whole run at 10,000 roles takes most of an hour; this checks
 * the plan's targets in minutes.
 */
record CliPlanBenchmark(BenchmarkServer server, Path workDir) {

    private static final int RUNS = 5;

    /**
     * One size and variant: the in-process apply that converged the server, then the CLI plan's medians, remembered
     * and cold.
     */
    record Row(int loginRoles, String variant, double convergeMs, double wallMs, double cpuMs, double coldWallMs,
               double coldCpuMs, String loadAverage, AgentProcess.Alternating besideNoPasswords) {
    }

    List<Row> run(List<Integer> sizes) throws Exception {
        return ConvergedSpec.eachSizeAndVariant(server, workDir, sizes, "converged CLI plan", this::measure);
    }

    private Row measure(ConvergedSpec converged, int size, Variant variant) throws Exception {
        List<String> planArgs = server.withConnectionFlags(List.of("plan", "--spec", converged.file().toString()));
        AgentProcess agent = server.agent(workDir);
        agent.recordArchive(planArgs, 0); // and remembers the password checks, as any earlier plan would have
        Timing.WallAndCpu plan = AgentProcess.median(RUNS, () -> agent.run(AgentProcess.Cds.ON, planArgs, 0));
        Timing.WallAndCpu cold = AgentProcess.median(RUNS,
                () -> agent.runCold(AgentProcess.Jit.LAUNCHER, planArgs, 0));
        AgentProcess.Alternating besideNoPasswords = variant == Variant.SECRET_FILES
                ? AlternatingPlans.besideNoPasswords(server, agent, workDir, size, planArgs) : null;
        return new Row(size, variant.label(), converged.convergeMs(), plan.wallMs(), plan.cpuMs(), cold.wallMs(),
                cold.cpuMs(), DaemonFootprint.loadAverage(), besideNoPasswords);
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder("Converged `plan` through the CLI (ms, median of " + RUNS + "), with the "
                + "class data sharing archive: remembered = the password checks\nof the run before kept, cold = "
                + "nothing remembered (one PBKDF2 per password); targets of issue 16: remembered\n<= 1000 ms wall at "
                + "1,000 login roles, <= 2000 ms at 10,000; cold <= 1500 ms wall at 1,000\n");
        out.append(String.format(Locale.ROOT, "%6s %-12s | %10s %6s | %6s %6s | %s%n", "roles", "variant",
                "remembered", "CPU", "cold", "CPU", "load average (1, 5, 15 min) after"));
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%6d %-12s | %10.0f %6.0f | %6.0f %6.0f | %s%n", row.loginRoles(),
                    row.variant(), row.wallMs(), row.cpuMs(), row.coldWallMs(), row.coldCpuMs(), row.loadAverage()));
        }
        rows.stream().filter(row -> row.besideNoPasswords() != null)
                .forEach(row -> out.append(AlternatingPlans.line(row.loginRoles(), row.besideNoPasswords())));
        return out.toString();
    }
}
