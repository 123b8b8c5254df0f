package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.ServerUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Someone else's server on a socket in /tmp, as the issue found it: a cluster run by another OS user (as root
 * {@link ServerUser#another()}; otherwise by the tests' own user, whom {@code requirepeer} then does not name),
 * listening in /tmp too, logging every connection. The agent must send it nothing: no roles, no verifiers, not even
 * a startup packet.
 */
class SquattedSocketIT {

    private static final String ROLES = "src/test/resources/specs/valid.yaml";

    private static PgCluster squatter;
    /** Whom the agent expects the server to run as: never the squatter's owner. */
    private static String expectedPeer;

    @BeforeAll
    static void squat() {
        ServerUser owner = ServerUser.another().orElse(ServerUser.get());
        squatter = PgCluster.startAs(16, owner);
        squatter.execute("ALTER SYSTEM SET unix_socket_directories = '" + squatter.socketDir() + "', '/tmp'");
        squatter.execute("ALTER SYSTEM SET log_connections = on");
        squatter.restart();
        // as root the tests' usual server user; otherwise root, whom no PostgreSQL server ever runs as
        expectedPeer = owner.name().equals(ServerUser.get().name()) ? "root" : ServerUser.get().name();
    }

    @AfterAll
    static void leave() {
        if (squatter != null) {
            squatter.close();
        }
    }

    @Test
    void withNoHostTheAgentUsesThePlatformDirectoryAndNeverFallsBackToTmp() throws IOException {
        Map<String, String> env = Map.of("PGPORT", String.valueOf(squatter.port()), "PGUSER", squatter.superuser(),
                "PGDATABASE", "postgres");
        assertThat(Files.exists(Path.of("/tmp/.s.PGSQL." + squatter.port()))).isTrue();
        long logBefore = logLength();

        AgentRun apply = agent(env, "apply", "--spec", ROLES);

        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(1);
        assertThat(apply.err()).startsWith("error: cannot connect to PostgreSQL at /var/run/postgresql/.s.PGSQL."
                + squatter.port() + " as postgres: ");
        assertNothingReachedTheSquatter(logBefore);
    }

    @Test
    void aServerRunByAnotherUserIsRefusedBeforeAnythingIsSent() throws IOException {
        long logBefore = logLength();

        AgentRun apply = agent(socketEnv(expectedPeer), "apply", "--spec", ROLES);

        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(1);
        assertThat(apply.err()).matches("error: cannot connect to PostgreSQL at /tmp/.s.PGSQL." + squatter.port()
                + " as postgres: the server's process runs as OS user id \\d+, not as " + expectedPeer
                + " \\(requirepeer\\); nothing was sent to it\n");
        assertNothingReachedTheSquatter(logBefore);
    }

    @Test
    void theSameServerIsUsedWhenRequirepeerNamesItsOwner() {
        AgentRun plan = agent(socketEnv(squatter.serverUser().name()), "plan", "--spec", ROLES);

        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
    }

    private static Map<String, String> socketEnv(String requirepeer) {
        Map<String, String> env = new HashMap<>(Map.of("PGHOST", "/tmp", "PGPORT", String.valueOf(squatter.port()),
                "PGUSER", squatter.superuser(), "PGDATABASE", "postgres"));
        env.put("PGREQUIREPEER", requirepeer);
        return env;
    }

    private static long logLength() throws IOException {
        return Files.size(squatter.logFile());
    }

    /** No session was authorized since {@code logOffset} (the log names each), and no role of the spec exists. */
    private static void assertNothingReachedTheSquatter(long logOffset) throws IOException {
        String log = Files.readString(squatter.logFile()).substring((int) logOffset);
        assertThat(log).doesNotContain("connection authorized");
        assertThat(squatter.psql("SELECT count(*) FROM pg_roles WHERE rolname IN ('admin', 'idbox')")).isEqualTo("0");
    }
}
