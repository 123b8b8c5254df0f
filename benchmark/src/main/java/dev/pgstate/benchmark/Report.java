package dev.pgstate.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The benchmark's output: a table for people and the same figures as JSON for tracking over time. */
record Report(String machine, String postgres, String java, List<SizeResult> sizes,
              DaemonFootprint.Result idleDaemon) {

    String table() {
        StringBuilder out = new StringBuilder();
        out.append("pgstate benchmark on ").append(machine).append("; ").append(postgres).append("; Java ")
                .append(java).append("\n\n");
        out.append(String.format(Locale.ROOT, "%7s %6s | %12s %11s %6s | %12s %11s %13s %9s | %12s%n",
                "roles", "dbs", "apply empty", "psql floor", "ratio", "plan in-proc", "plan CLI", "plan CLI+CDS",
                "CLI RSS", "drift apply"));
        for (SizeResult r : sizes) {
            out.append(String.format(Locale.ROOT,
                    "%7d %6d | %9.0f ms %8.0f ms %6.2f | %9.1f ms %8.0f ms %10.0f ms %6d MB | %6.0f ms, %d change, %d stmt%n",
                    r.roles(), r.databases(), r.applyFromEmptyMs(), r.psqlFloorMs(), r.applyOverFloor(),
                    r.planInProcessMs(), r.planCliMs(), r.planCliWithCdsMs(), r.cliPeakRssKb() / 1024,
                    r.driftApplyMs(), r.driftChanges(), r.driftStatements()));
        }
        out.append('\n').append(growth());
        out.append(String.format(Locale.ROOT, "Idle daemon (%s, %s): %d MB resident, %.1f ms CPU per cycle over %d"
                + " cycles%n", idleDaemon.spec(), idleDaemon.launcherOptions(), idleDaemon.residentMb(),
                idleDaemon.cpuMsPerCycle(), idleDaemon.cycles()));
        return out.toString();
    }

    /** Time per role of the largest size over the smallest: about 1 or less means linear or better. */
    String growth() {
        SizeResult small = sizes.get(0);
        SizeResult large = sizes.get(sizes.size() - 1);
        double plan = (large.planInProcessMs() / large.roles()) / (small.planInProcessMs() / small.roles());
        double apply = (large.applyFromEmptyMs() / large.roles()) / (small.applyFromEmptyMs() / small.roles());
        return String.format(Locale.ROOT, "Growth from %d to %d roles, time per role (1.0 = linear): "
                + "plan in-process x%.2f, apply from empty x%.2f%n", small.roles(), large.roles(), plan, apply);
    }

    void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }
}
