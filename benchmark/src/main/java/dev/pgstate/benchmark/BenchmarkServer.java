package dev.pgstate.benchmark;

import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The throwaway server every measurement runs against, and how the agent (in-process or as a CLI) reaches it. */
record BenchmarkServer(PgCluster cluster, Path launcher, Path agentJar) {

    /** A fresh agent runner; its runs share {@code workDir}'s launcher cache. */
    AgentProcess agent(Path workDir) {
        return new AgentProcess(launcher, agentJar, workDir);
    }

    Connector connector() {
        return new Connector(ConnectionSettings.resolve(new ConnectionSettings("127.0.0.1", cluster.port(),
                cluster.superuser(), "postgres", null, "disable", null, null, null, null, null), Map.of(), null));
    }

    List<String> connectionFlags() {
        return List.of("--host", "127.0.0.1", "--port", String.valueOf(cluster.port()), "--user", cluster.superuser(),
                "--dbname", "postgres");
    }

    List<String> withConnectionFlags(List<String> agentArgs) {
        List<String> args = new ArrayList<>(agentArgs);
        args.addAll(connectionFlags());
        return args;
    }
}
