package dev.pgstate.benchmark;

import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The throwaway server every measurement runs against, and how the agent (in-process or as a CLI) reaches it.
 *
 * <p>It runs with ssl on (a self-signed certificate), as a server whose pg_hba.conf has the spec's hostssl rules does:
 * with ssl off each of those rules is an {@code hba-hostssl-without-ssl} error, and every plan would print them and
 * look up their spec lines, which is not what a converged plan of a real deployment costs. The agent and psql still
 * connect over loopback with sslmode=disable, as over the Unix socket an agent on the box uses, so no figure includes
 * a TLS handshake.
 */
record BenchmarkServer(PgCluster cluster, Path launcher, Path agentJar) {

    private static final String SSL_ON = "\nssl = on # the benchmark's: its spec has hostssl rules\n";

    /** {@code cluster} with a certificate and ssl on. */
    static BenchmarkServer withSsl(PgCluster cluster, Path launcher, Path agentJar) throws Exception {
        SelfSignedCertificate.install(cluster);
        BenchmarkServer server = new BenchmarkServer(cluster, launcher, agentJar);
        server.turnSslOn();
        return server;
    }

    /** The cluster as freshly created ({@link PgCluster#reset}), with ssl on again (the reset restores the config). */
    void reset() throws IOException, InterruptedException {
        cluster.reset();
        turnSslOn();
    }

    private void turnSslOn() throws IOException, InterruptedException {
        Files.writeString(cluster.configFile(), SSL_ON, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        cluster.execute("SELECT pg_reload_conf()");
        for (int waited = 0; !cluster.psql("SHOW ssl").equals("on"); waited += 10) {
            if (waited > 30_000) {
                throw new IllegalStateException("ssl is still off 30 s after the reload: " + cluster.logFile());
            }
            Thread.sleep(10);
        }
    }

    /** A fresh agent runner; its runs share {@code workDir}'s launcher cache. */
    AgentProcess agent(Path workDir) {
        return new AgentProcess(launcher, agentJar, workDir);
    }

    /** Runs {@code script} with psql over loopback as the agent connects, stopping at the first error. */
    void psql(Path script, Path workDir) throws IOException, InterruptedException {
        Path output = workDir.resolve("psql-output.txt");
        ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", String.valueOf(cluster.port()), "-U", cluster.superuser(), "-d", "postgres", "-f", script.toString());
        psql.environment().put("PGSSLMODE", "disable"); // as the agent connects
        Process process = psql.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + Files.readString(output));
        }
    }

    /** The server's version and the names the agent connects as, which its statements depend on. */
    ServerInfo info() throws SQLException {
        try (Connection connection = connector().connect()) {
            return new LiveStateReader().read(connection).server();
        }
    }

    Connector connector() {
        return new Connector(ConnectionSettings.resolve(new ConnectionSettings("127.0.0.1", cluster.port(),
                cluster.superuser(), "postgres", null, "disable", null, null, null, null, null), Map.of(), null));
    }

    List<String> connectionFlags() {
        return List.of("--host", "127.0.0.1", "--port", String.valueOf(cluster.port()), "--user", cluster.superuser(),
                "--dbname", "postgres", "--sslmode", "disable");
    }

    List<String> withConnectionFlags(List<String> agentArgs) {
        List<String> args = new ArrayList<>(agentArgs);
        args.addAll(connectionFlags());
        return args;
    }
}
