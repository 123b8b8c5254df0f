package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.util.Map;

/** The way the agent runs on a box: over the Unix socket, settings from the PG* environment, no password. */
class UnixSocketIT {

    @AcrossPgVersions
    void appliesAndPlansOverTheSocketNamedByPgEnvironment(PgCluster pg) {
        Map<String, String> env = Map.of("PGHOST", pg.socketDir().toString(), "PGPORT", String.valueOf(pg.port()),
                "PGUSER", pg.superuser(), "PGDATABASE", "postgres");

        AgentRun apply = agent(env, "apply", "--spec", IdentityBoxIT.SPEC);
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).endsWith(IdentityBoxIT.firstApplyEnding(pg));

        AgentRun plan = agent(env, "plan", "--spec", IdentityBoxIT.SPEC);
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).startsWith("No changes. The server matches the spec.");
    }

    @AcrossPgVersions
    void aFlagBeatsTheEnvironment(PgCluster pg) {
        Map<String, String> env = Map.of("PGHOST", pg.socketDir().toString(), "PGPORT", "1",
                "PGUSER", pg.superuser(), "PGDATABASE", "postgres");

        AgentRun plan = agent(env, "plan", "--spec", IdentityBoxIT.SPEC, "--port", String.valueOf(pg.port()));

        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
    }
}
