package dev.pgstate.benchmark;

import dev.pgstate.agent.export.SpecYamlWriter;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.apply.ApplyListener;
import dev.pgstate.reconcilers.connect.Connector;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.live.LiveState;
import dev.pgstate.reconcilers.live.LiveStateReader;
import dev.pgstate.reconcilers.plan.Change;
import dev.pgstate.reconcilers.plan.Kind;
import dev.pgstate.reconcilers.plan.Plan;
import dev.pgstate.reconcilers.sql.StatementBuilder;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/** Every measurement for one spec size, each on a server in the state it needs (empty, converged, drifted). */
final class SizeRun {

    private static final int IN_PROCESS_RUNS = 5;
    private static final int CLI_RUNS = 3;

    private final PgCluster cluster;
    private final Connector connector;
    private final AgentProcess agent;
    private final Path workDir;
    private final int size;

    SizeRun(PgCluster cluster, Connector connector, AgentProcess agent, Path workDir, int size) {
        this.cluster = cluster;
        this.connector = connector;
        this.agent = agent;
        this.workDir = workDir;
        this.size = size;
    }

    SizeResult run() throws Exception {
        Spec spec = SpecGenerator.generate(size);
        Path specFile = workDir.resolve("spec-" + size + ".yaml");
        Files.writeString(specFile, new SpecYamlWriter().write(spec, List.of("benchmark spec, " + size + " roles")));
        Converger converger = new Converger(connector, Duration.ofSeconds(60));

        cluster.reset();
        Plan fromEmpty = converger.plan(spec);
        double floorMs = psqlFloor(fromEmpty);
        cluster.reset();

        ConvergeResult[] applied = new ConvergeResult[1];
        double applyMs = Timing.millis(() -> applied[0] = converger.apply(spec, ApplyListener.NONE));
        require(applied[0].outcome() == ConvergeResult.Outcome.CONVERGED, "apply from empty did not converge");

        Timing.millis(() -> converger.plan(spec));
        double planMs = Timing.medianMillis(IN_PROCESS_RUNS, () -> require(!converger.plan(spec).hasChanges(),
                "a converged server planned changes"));

        List<String> planArgs = List.of("plan", "--spec", specFile.toString(), "--host", "127.0.0.1",
                "--port", String.valueOf(cluster.port()), "--user", cluster.superuser(), "--dbname", "postgres");
        long[] peakRss = new long[1];
        double cliMs = Timing.medianMillis(CLI_RUNS, () -> peakRss[0] = agent.run(List.of(), planArgs, 0).peakRssKb());
        List<String> cds = agent.trainCds(planArgs, 0);
        double cliCdsMs = Timing.medianMillis(CLI_RUNS, () -> agent.run(cds, planArgs, 0));

        String drifted = SpecGenerator.driftedRole(size);
        cluster.execute("ALTER ROLE \"" + drifted + "\" CREATEROLE");
        ConvergeResult[] healed = new ConvergeResult[1];
        double driftMs = Timing.millis(() -> healed[0] = converger.apply(spec, ApplyListener.NONE));
        require(healed[0].outcome() == ConvergeResult.Outcome.CONVERGED, "the drift was not healed");
        List<Change> driftChanges = healed[0].plan().changes();
        int driftStatements = statementCount(driftChanges);

        return new SizeResult(size + SpecGenerator.GROUPS, spec.databases().size(), fromEmpty.changes().size(),
                applyMs, floorMs, planMs, cliMs, cliCdsMs, peakRss[0], driftChanges.size(), driftStatements, driftMs);
    }

    /** The same DDL the agent sends, as one psql script: role work in one transaction, databases one by one. */
    private double psqlFloor(Plan plan) throws Exception {
        StatementBuilder statements = new StatementBuilder(serverFacts().server());
        StringBuilder script = new StringBuilder("BEGIN;\n");
        boolean inTransaction = true;
        for (Change change : plan.changes()) {
            if (inTransaction && change.kind() == Kind.DATABASE) {
                script.append("COMMIT;\n");
                inTransaction = false;
            }
            statements.statements(change).forEach(sql -> script.append(sql).append(";\n"));
        }
        script.append(inTransaction ? "COMMIT;\n" : "");
        Path file = workDir.resolve("floor-" + size + ".sql");
        Files.writeString(file, script);
        return Timing.millis(() -> psql(file));
    }

    private LiveState serverFacts() throws Exception {
        try (Connection connection = connector.connect()) {
            return new LiveStateReader().read(connection);
        }
    }

    private void psql(Path script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", String.valueOf(cluster.port()), "-U", cluster.superuser(), "-d", "postgres", "-f", script.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("psql-output.txt").toFile()).start();
        require(process.waitFor() == 0, "psql failed: " + Files.readString(workDir.resolve("psql-output.txt")));
    }

    private int statementCount(List<Change> changes) throws Exception {
        StatementBuilder statements = new StatementBuilder(serverFacts().server());
        return changes.stream().mapToInt(c -> statements.statements(c).size()).sum();
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
