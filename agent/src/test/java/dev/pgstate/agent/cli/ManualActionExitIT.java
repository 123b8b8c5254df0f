package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manual action is not "ok": plan and apply exit 4 when a person has to act (here a database whose encoding
 * cannot change after creation), so a CI gate on the exit code stops; pending changes still exit 2 from plan.
 */
class ManualActionExitIT {

    private static final String DATABASE = "databases:\n  - {name: legacy, encoding: UTF8}\n";

    @AcrossPgVersions
    void planAndApplyExitFourWhileAManualActionIsNeeded(PgCluster pg, @TempDir Path dir) throws Exception {
        pg.execute("CREATE DATABASE legacy ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
        try {
            Path spec = Files.writeString(dir.resolve("spec.yaml"), DATABASE);
            Path withChange = Files.writeString(dir.resolve("more.yaml"), "roles:\n  - {name: newcomer}\n" + DATABASE);

            AgentRun plan = agentOn(pg, "plan", "--spec", spec.toString());
            assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(4);
            assertThat(plan.out()).endsWith("0 unmanaged, 1 needs manual action.\n");

            assertThat(agentOn(pg, "plan", "--spec", withChange.toString()).exitCode()).isEqualTo(2);
            AgentRun apply = agentOn(pg, "apply", "--spec", withChange.toString());
            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(4);
            assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'newcomer'")).isEqualTo("1");
            assertThat(agentOn(pg, "apply", "--spec", spec.toString()).exitCode()).isEqualTo(4);
        } finally {
            pg.execute("DROP DATABASE legacy");
            pg.execute("DROP ROLE IF EXISTS newcomer");
        }
    }
}
