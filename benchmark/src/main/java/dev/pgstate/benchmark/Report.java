package dev.pgstate.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The benchmark's output: tables for people and the same figures as JSON for tracking over time. */
record Report(String machine, String postgres, String java, String launcher, String launcherOptions,
              List<SizeResult> sizes, DaemonFootprint.Result identityBoxDaemon) {

    /** The figures whose growth with size is shown, per login role. */
    private static final Map<String, ToDoubleFunction<SizeResult>> GROWING = growing();

    String table() {
        StringBuilder out = new StringBuilder();
        out.append("pgstate benchmark on ").append(machine).append("; ").append(postgres).append("; Java ")
                .append(java).append(";\nCLI and daemon started by ").append(launcher).append(" (").append(launcherOptions)
                .append(")\n\n");
        out.append("Converged plan (ms). In-process: load YAML, read secrets, read server, plan, and the whole cycle\n"
                + "of a planner that planned before (the daemon's); cold = a fresh planner's first plan with every\n"
                + "password check (wall/CPU). CLI = the launcher starting a new JVM, without and with its class data\n"
                + "sharing archive.\n");
        out.append(String.format(Locale.ROOT, "%6s %5s %5s %4s %-12s | %6s %7s %6s %6s %6s | %-21s | %6s %7s %7s%n",
                "roles", "dbs", "hba", "set", "variant", "load", "secrets", "read", "plan", "cycle", "cold wall/CPU (checks)",
                "CLI", "CLI+CDS", "CLI RSS"));
        for (SizeResult r : sizes) {
            SizeResult.ConvergedPlan p = r.convergedPlan();
            out.append(String.format(Locale.ROOT,
                    "%6d %5d %5d %4d %-12s | %6.0f %7.1f %6.1f %6.1f %6.1f | %6.0f/%6.0f (%6d) | %6.0f %7.0f %4d MB%n",
                    r.loginRoles(), r.databases(), r.hbaRules(), r.settings(), r.variant(), p.loadYamlMs(), p.readSecretsMs(),
                    p.readServerMs(), p.planMs(), p.cycleMs(), p.coldPlanMs(), p.coldPlanCpuMs(), p.passwordChecks(),
                    p.cliMs(), p.cliWithCdsMs(), p.cliPeakRssKb() / 1024));
        }
        out.append("\nApply (ms) from an empty cluster beside the same DDL as one psql -f script, with the agent's own CPU\n"
                + "time during it; one drifted attribute fixed by one apply; the idle daemon (500 ms interval) on that spec.\n");
        out.append(String.format(Locale.ROOT, "%6s %-12s | %9s %9s %9s %6s | %9s | %9s %13s%n", "roles", "variant",
                "apply", "agent CPU", "psql -f", "ratio", "drift fix", "daemon RSS", "CPU per cycle"));
        for (SizeResult r : sizes) {
            SizeResult.ApplyFromEmpty a = r.applyFromEmpty();
            out.append(String.format(Locale.ROOT, "%6d %-12s | %9.0f %9.0f %9.0f %6.2f | %9.0f | %7d MB %10.1f ms%n",
                    r.loginRoles(), r.variant(), a.applyMs(), a.agentCpuMs(), a.psqlFloorMs(), a.overFloor(),
                    r.singleDrift().applyMs(),
                    r.idleDaemon().residentMb(), r.idleDaemon().cpuMsPerCycle()));
        }
        SizeResult largest = sizes.get(sizes.size() - 1);
        out.append("\nThe single drift at ").append(largest.loginRoles()).append(" login roles was fixed with: ")
                .append(largest.singleDrift().statement()).append('\n');
        out.append(growth());
        out.append(String.format(Locale.ROOT, "%nThe idle daemon on config-examples/identity-box.yaml (500 ms interval):"
                + " %d MB resident, %.1f ms CPU per cycle over %d cycles%n", identityBoxDaemon.residentMb(), identityBoxDaemon.cpuMsPerCycle(), identityBoxDaemon.cycles()));
        return out.toString();
    }

    /** Time per login role at each size over the size before it: about 1 or less means linear or better. */
    String growth() {
        StringBuilder out = new StringBuilder("\nGrowth: time per login role over the previous size (1.00 = linear)\n");
        for (Variant variant : Variant.values()) {
            List<SizeResult> rows = sizes.stream().filter(r -> r.variant().equals(variant.label())).toList();
            for (int i = 1; i < rows.size(); i++) {
                SizeResult small = rows.get(i - 1);
                SizeResult large = rows.get(i);
                out.append(String.format(Locale.ROOT, "  %-12s %6d -> %6d:", variant.label(), small.loginRoles(),
                        large.loginRoles()));
                GROWING.forEach((name, figure) -> out.append(String.format(Locale.ROOT, " %s x%.2f", name,
                        (figure.applyAsDouble(large) / large.loginRoles())
                                / (figure.applyAsDouble(small) / small.loginRoles()))));
                out.append('\n');
            }
        }
        return out.toString();
    }

    void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    private static Map<String, ToDoubleFunction<SizeResult>> growing() {
        Map<String, ToDoubleFunction<SizeResult>> growing = new LinkedHashMap<>();
        growing.put("load", r -> r.convergedPlan().loadYamlMs());
        growing.put("read", r -> r.convergedPlan().readServerMs());
        growing.put("plan", r -> r.convergedPlan().planMs());
        growing.put("cycle", r -> r.convergedPlan().cycleMs());
        growing.put("cold", r -> r.convergedPlan().coldPlanMs());
        growing.put("apply", r -> r.applyFromEmpty().applyMs());
        growing.put("apply-agent-cpu", r -> r.applyFromEmpty().agentCpuMs());
        growing.put("psql-floor", r -> r.applyFromEmpty().psqlFloorMs());
        growing.put("daemon-cpu", r -> r.idleDaemon().cpuMsPerCycle());
        return growing;
    }
}
