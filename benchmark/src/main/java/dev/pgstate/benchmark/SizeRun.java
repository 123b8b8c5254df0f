package dev.pgstate.benchmark;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.Applier;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.kind.hba.RewriteHbaFile;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every measurement for one spec size and variant, each on a server in the state it needs (empty, converged,
 * drifted), ending with the idle daemon on the converged server.
 */
final class SizeRun {

    private static final int IN_PROCESS_RUNS = 5;
    private static final int CLI_RUNS = 3;
    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);
    /**
     * Every catalog and view the agent reads for a spec like the benchmark's, whole, as one psql script: the floor
     * under reading the server from a new process.
     */
    private static final String CATALOG_READS = """
            SELECT * FROM pg_authid;
            SELECT * FROM pg_auth_members;
            SELECT * FROM pg_database;
            SELECT * FROM pg_db_role_setting;
            SELECT * FROM pg_settings;
            SELECT * FROM pg_file_settings;
            SELECT * FROM pg_hba_file_rules;
            SELECT pg_read_file(current_setting('hba_file'));
            """;

    private final BenchmarkServer server;
    private final Path workDir;
    private final int size;
    private final Variant variant;
    private final SecretResolver secrets = new SecretResolver(Map.of(), Optional.empty());

    SizeRun(BenchmarkServer server, Path workDir, int size, Variant variant) {
        this.server = server;
        this.workDir = workDir;
        this.size = size;
        this.variant = variant;
    }

    SizeResult run() throws Exception {
        SpecGenerator generator = new SpecGenerator(size, variant, SecretFiles.write(workDir.resolve("secrets"), size));
        Path specFile = workDir.resolve("spec-" + size + "-" + variant.name().toLowerCase() + ".yaml");
        Files.writeString(specFile, generator.yaml());
        Spec[] loaded = new Spec[1];
        double loadMs = Timing.millis(() -> loaded[0] = Specs.load(specFile));
        Spec spec = loaded[0];

        SizeResult.ApplyFromEmpty fromEmpty = applyFromEmpty(spec);
        SizeResult.ConvergedPlan converged = convergedPlan(spec, specFile, loadMs);
        SizeResult.SingleDrift drift = singleDrift(spec, generator.driftedRole());
        DaemonFootprint.Result idle = new DaemonFootprint(server.agent(workDir), workDir)
                .measure(specFile, server.connectionFlags());
        return new SizeResult(size, spec.databases().size(), spec.hba().rules().size(),
                spec.server().settings().size(), variant.label(), converged, fromEmpty, drift, idle);
    }

    private SizeResult.ApplyFromEmpty applyFromEmpty(Spec spec) throws Exception {
        server.reset();
        Plan plan = converger(new Planner()).plan(spec);
        double floorMs = psqlFloor(plan);
        server.reset();
        ConvergeResult[] applied = new ConvergeResult[1];
        Timing.WallAndCpu apply = Timing.wallAndCpu(
                () -> applied[0] = converger(new Planner()).apply(spec, ApplyListener.NONE));
        require(applied[0].outcome() == ConvergeResult.Outcome.CONVERGED, "apply from empty did not converge: "
                + applied[0].applied().failure().map(failure -> failure.describe()).orElse("changes were left"));
        return new SizeResult.ApplyFromEmpty(plan.changes().size(), apply.wallMs(), apply.cpuMs(), floorMs);
    }

    private SizeResult.ConvergedPlan convergedPlan(Spec spec, Path specFile, double loadMs) throws Exception {
        Planner coldPlanner = new Planner();
        Timing.WallAndCpu cold = Timing.wallAndCpu(() -> requireConverged(converger(coldPlanner).plan(spec)));
        Converger warm = converger(coldPlanner);
        double cycleMs = Timing.medianMillis(IN_PROCESS_RUNS, () -> requireConverged(warm.plan(spec)));

        DesiredPasswords[] passwords = new DesiredPasswords[1];
        double secretsMs = Timing.medianMillis(IN_PROCESS_RUNS, () -> passwords[0] = secrets.resolve(spec));
        LiveState[] live = new LiveState[1];
        double readMs;
        try (Connection connection = server.connector().connect()) {
            LiveStateReader reader = new LiveStateReader();
            readMs = Timing.medianMillis(IN_PROCESS_RUNS,
                    () -> live[0] = reader.read(connection, spec, server.connector().databases()));
        }
        double planMs = Timing.medianMillis(IN_PROCESS_RUNS,
                () -> requireConverged(coldPlanner.plan(spec, live[0], passwords[0])));

        List<String> planArgs = server.withConnectionFlags(List.of("plan", "--spec", specFile.toString()));
        long[] peakRss = new long[1];
        AgentProcess agent = server.agent(workDir);
        agent.recordArchive(planArgs, 0); // and remembers the password checks, as any earlier plan would have
        double cliMs = Timing.medianMillis(CLI_RUNS,
                () -> peakRss[0] = agent.run(AgentProcess.Cds.OFF, planArgs, 0).peakRssKb());
        Timing.WallAndCpu cliCds = AgentProcess.median(CLI_RUNS, () -> agent.run(AgentProcess.Cds.ON, planArgs, 0));
        double cliTieredMs = Timing.medianMillis(CLI_RUNS,
                () -> agent.run(AgentProcess.Cds.ON, AgentProcess.Jit.TIERED, planArgs, 0));
        Timing.WallAndCpu cliCold = AgentProcess.median(CLI_RUNS,
                () -> agent.runCold(AgentProcess.Jit.LAUNCHER, planArgs, 0));
        // once: at C1 speed this is the slowest run of all
        double cliColdC1Ms = Timing.millis(() -> agent.runCold(AgentProcess.Jit.C1_ONLY, planArgs, 0));
        double psqlFloorMs = Timing.medianMillis(CLI_RUNS, () -> psql(catalogReads("SELECT 1;\n")));
        double catalogFloorMs = Timing.medianMillis(CLI_RUNS, () -> psql(catalogReads(CATALOG_READS)));
        return new SizeResult.ConvergedPlan(loadMs, secretsMs, readMs, planMs, cycleMs,
                passwords[0].byRole().size(), cold.wallMs(), cold.cpuMs(), cliMs, cliCds.wallMs(), cliCds.cpuMs(),
                peakRss[0], cliTieredMs, cliCold.wallMs(), cliCold.cpuMs(), cliColdC1Ms, psqlFloorMs, catalogFloorMs);
    }

    private Path catalogReads(String sql) throws IOException {
        return Files.writeString(workDir.resolve("catalog-reads.sql"), sql);
    }

    /** The daemon's case: one attribute drifts, and one apply with the planner it already has must fix it. */
    private SizeResult.SingleDrift singleDrift(Spec spec, String role) throws Exception {
        Converger converger = converger(new Planner());
        requireConverged(converger.plan(spec));
        server.cluster().execute("ALTER ROLE \"" + role + "\" CREATEROLE");
        ConvergeResult[] healed = new ConvergeResult[1];
        double applyMs = Timing.millis(() -> healed[0] = converger.apply(spec, ApplyListener.NONE));
        require(healed[0].outcome() == ConvergeResult.Outcome.CONVERGED, "the drift was not healed");
        List<String> statements = statements(healed[0].plan().changes());
        require(statements.size() == 1, "one drifted attribute took " + statements.size() + " statements: " + statements);
        return new SizeResult.SingleDrift(statements.get(0), applyMs);
    }

    private Converger converger(Planner planner) {
        return new Converger(server.connector(), LOCK_WAIT, secrets, planner);
    }

    /**
     * The same DDL the agent sends, as one psql script: role and membership work in transactions of the applier's
     * batch size, databases and ALTER SYSTEM on their own (neither may run in a transaction block), the new
     * pg_hba.conf copied into place, then one reload.
     */
    private double psqlFloor(Plan plan) throws Exception {
        ServerInfo info = serverInfo();
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
        return Timing.millis(() -> psql(file));
    }

    private void psql(Path script) throws IOException, InterruptedException {
        PgCluster cluster = server.cluster();
        Path output = workDir.resolve("psql-output.txt");
        ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", String.valueOf(cluster.port()), "-U", cluster.superuser(), "-d", "postgres", "-f", script.toString());
        psql.environment().put("PGSSLMODE", "disable"); // as the agent connects (BenchmarkServer)
        Process process = psql.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        require(process.waitFor() == 0, "psql failed: " + Files.readString(output));
    }

    private List<String> statements(List<Change> changes) throws Exception {
        ServerInfo info = serverInfo();
        return changes.stream().flatMap(change -> change.statements(info).stream()).toList();
    }

    private ServerInfo serverInfo() throws Exception {
        try (Connection connection = server.connector().connect()) {
            return new LiveStateReader().read(connection).server();
        }
    }

    private static void requireConverged(Plan plan) {
        if (plan.hasChanges()) {
            Change first = plan.changes().get(0);
            throw new IllegalStateException("a converged server planned " + plan.changes().size()
                    + " changes, the first " + first.address() + ": " + first.reason());
        }
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
