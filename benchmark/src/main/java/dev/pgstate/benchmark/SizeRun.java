package dev.pgstate.benchmark;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.SecretResolver;
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
        Path specFile = SpecGenerator.write(workDir, size, variant);
        Spec[] loaded = new Spec[1];
        double loadMs = Timing.millis(() -> loaded[0] = Specs.load(specFile));
        Spec spec = loaded[0];

        SizeResult.ApplyFromEmpty fromEmpty = new ApplyFromEmpty(server, workDir).inProcess(spec, size);
        SizeResult.ConvergedPlan converged = convergedPlan(spec, specFile, loadMs);
        SizeResult.SingleDrift drift = singleDrift(spec, SpecGenerator.driftedRole(size));
        DaemonFootprint.Result idle = new DaemonFootprint(server.agent(workDir), workDir)
                .measure(specFile, server.connectionFlags());
        return new SizeResult(size, spec.databases().size(), spec.hba().rules().size(),
                spec.server().settings().size(), variant.label(), converged, fromEmpty, drift, idle);
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
        double psqlFloorMs = Timing.medianMillis(CLI_RUNS, () -> server.psql(catalogReads("SELECT 1;\n"), workDir));
        double catalogFloorMs = Timing.medianMillis(CLI_RUNS, () -> server.psql(catalogReads(CATALOG_READS), workDir));
        AgentProcess.Alternating besideNoPasswords = variant == Variant.SECRET_FILES
                ? AlternatingPlans.besideNoPasswords(server, agent, workDir, size, planArgs) : null;
        return new SizeResult.ConvergedPlan(loadMs, secretsMs, readMs, planMs, cycleMs,
                passwords[0].byRole().size(), cold.wallMs(), cold.cpuMs(), cliMs, cliCds.wallMs(), cliCds.cpuMs(),
                peakRss[0], cliTieredMs, cliCold.wallMs(), cliCold.cpuMs(), cliColdC1Ms, psqlFloorMs, catalogFloorMs,
                besideNoPasswords);
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

    private List<String> statements(List<Change> changes) throws Exception {
        ServerInfo info = server.info();
        return changes.stream().flatMap(change -> change.statements(info).stream()).toList();
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
