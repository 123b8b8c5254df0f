package dev.pgstate.benchmark;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.Applier;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.kind.hba.RewriteHbaFile;
import dev.pgstate.reconcilers.secret.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code apply} from an empty cluster and its floor, the same DDL as one {@code psql -f} script, each on a server reset
 * before it: the apply in this JVM with a fresh planner (the whole run's row), or through the package's launcher as a
 * user types it, a first apply with nothing remembered in its state directory.
 */
record ApplyFromEmpty(BenchmarkServer server, Path workDir) {

    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);

    /** The floor, then the apply in this JVM, with the agent's own CPU time during it. */
    SizeResult.ApplyFromEmpty inProcess(Spec spec, int size) throws Exception {
        Plan plan = planOnEmpty(spec);
        double floorMs = psqlFloor(plan, size);
        Timing.WallAndCpu apply = inProcess(spec);
        return new SizeResult.ApplyFromEmpty(plan.changes().size(), apply.wallMs(), apply.cpuMs(), floorMs);
    }

    /** The apply in this JVM with a fresh planner, on a server reset before it. */
    Timing.WallAndCpu inProcess(Spec spec) throws Exception {
        server.reset();
        ConvergeResult[] applied = new ConvergeResult[1];
        Timing.WallAndCpu apply = Timing.wallAndCpu(() -> applied[0] = new Converger(server.connector(), LOCK_WAIT,
                new SecretResolver(Map.of(), Optional.empty()), new Planner()).apply(spec, ApplyListener.NONE));
        if (applied[0].outcome() != ConvergeResult.Outcome.CONVERGED) {
            throw new IllegalStateException("apply from empty did not converge: " + applied[0].applied().failure()
                    .map(failure -> failure.describe()).orElse("changes were left"));
        }
        return apply;
    }

    /**
     * {@code agent apply} through the launcher on a server reset before it, with a state directory of its own, empty,
     * as on a box where the agent never ran; wall and CPU (GNU time's).
     */
    AgentProcess.Run cli(AgentProcess agent, Path specFile, String run) throws Exception {
        server.reset();
        return agent.run(AgentProcess.Cds.ON, server.withConnectionFlags(List.of("apply", "--spec", specFile.toString(),
                "--state-directory", workDir.resolve("apply-state-" + run).toString())), 0);
    }

    /** What an apply from empty would do, planned on a server reset for it. */
    Plan planOnEmpty(Spec spec) throws Exception {
        server.reset();
        return new Converger(server.connector(), LOCK_WAIT, new SecretResolver(Map.of(), Optional.empty()),
                new Planner()).plan(spec);
    }

    /**
     * The same DDL the agent sends, as one psql script: role and membership work in transactions of the applier's
     * batch size, databases and ALTER SYSTEM on their own (neither may run in a transaction block), the new
     * pg_hba.conf copied into place, then one reload. The server is reset before it, as before the agent's apply.
     */
    double psqlFloor(Plan plan, int size) throws Exception {
        server.reset();
        ServerInfo info = server.info();
        StringBuilder script = new StringBuilder("BEGIN;\n");
        boolean inTransaction = true;
        int inBatch = 0;
        for (Change change : plan.changes()) {
            if (change instanceof RewriteHbaFile) {
                continue; // written below
            }
            boolean transactional = change.execution() == Execution.TRANSACTION;
            if (inTransaction && !transactional) {
                script.append("COMMIT;\n");
                inTransaction = false;
            } else if (inTransaction && inBatch == Applier.MAX_CHANGES_PER_TRANSACTION) {
                script.append("COMMIT;\nBEGIN;\n");
                inBatch = 0;
            }
            inBatch++;
            change.statements(info).forEach(sql -> script.append(sql).append(";\n"));
        }
        script.append(inTransaction ? "COMMIT;\n" : "");
        for (Change change : plan.changes()) {
            if (change instanceof RewriteHbaFile hba) {
                // the agent writes the whole file too; psql has no file writer of its own, so cp does it
                Path written = Files.writeString(workDir.resolve("floor-pg_hba.conf"), hba.after());
                script.append("\\! cp ").append(written).append(' ').append(hba.file()).append('\n');
            }
        }
        if (plan.changes().stream().anyMatch(change -> change.effect() != Effect.NONE)) {
            script.append("SELECT pg_reload_conf();\n");
        }
        Path file = workDir.resolve("floor-" + size + ".sql");
        Files.writeString(file, script);
        return Timing.millis(() -> server.psql(file, workDir));
    }
}
