package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.util.Map;

/** The way the agent runs on a box: over the Unix socket, settings from the PG* environment, no password. */
class UnixSocketIT {

    private static final String ROLES_ONLY = "src/test/resources/specs/valid.yaml";

    @AcrossPgVersions
    void appliesAndPlansOverTheSocketNamedByPgEnvironment(PgCluster pg) {
        Map<String, String> env = Map.of("PGHOST", pg.socketDir().toString(), "PGPORT", String.valueOf(pg.port()),
                "PGUSER", pg.superuser(), "PGDATABASE", "postgres");

        AgentRun apply = agent(env, "apply", "--spec", ROLES_ONLY);
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).endsWith("\nApply complete! 3 added, 0 changed, 0 destroyed.\n");

        AgentRun plan = agent(env, "plan", "--spec", ROLES_ONLY);
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).startsWith("No changes. The server matches the spec.");
    }

    /**
     * The example's "local all postgres peer" cannot let the tests in (they do not run as the OS user postgres):
     * lockout protection only sees that the rule is not reject, so the fresh connection after the reload is what
     * catches it, and the previous file comes back.
     */
    @AcrossPgVersions
    void aNewFileTheAgentCannotConnectThroughIsRolledBack(PgCluster pg) throws Exception {
        assumeFalse(pg.superuser().equals(System.getProperty("user.name")),
                "run as the OS user " + pg.superuser() + ", the peer rule lets the tests in: nothing to roll back");
        Map<String, String> env = Map.of("PGHOST", pg.socketDir().toString(), "PGPORT", String.valueOf(pg.port()),
                "PGUSER", pg.superuser(), "PGDATABASE", "postgres");
        String before = Files.readString(pg.hbaFile());

        AgentRun apply = agent(env, "apply", "--spec", IdentityBoxIT.SPEC);

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("after the reload a new connection the way the agent connects failed")
                .contains("is back in place and reloaded");
        assertThat(Files.readString(pg.hbaFile())).isEqualTo(before);
        assertThat(agent(env, "plan", "--spec", ROLES_ONLY).exitCode()).isZero();
    }

    @AcrossPgVersions
    void aFlagBeatsTheEnvironment(PgCluster pg) {
        Map<String, String> env = Map.of("PGHOST", pg.socketDir().toString(), "PGPORT", "1",
                "PGUSER", pg.superuser(), "PGDATABASE", "postgres");

        AgentRun plan = agent(env, "plan", "--spec", IdentityBoxIT.SPEC, "--port", String.valueOf(pg.port()));

        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
    }
}
