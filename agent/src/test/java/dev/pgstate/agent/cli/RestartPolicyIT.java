package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** listen_addresses needs a restart; with restart: never the agent writes it and keeps saying it waits. */
class RestartPolicyIT {

    private static final String START_TIME = "SELECT pg_postmaster_start_time()";

    @AcrossPgVersions
    void withRestartNeverThePendingRestartIsReportedOnEveryPlan(PgCluster pg) throws IOException {
        Path spec = Files.createTempFile("restart-never", ".yaml");
        Files.writeString(spec, """
                server:
                  listen_addresses: [127.0.0.1, 127.0.0.2]
                  restart: never
                """);
        String started = pg.psql(START_TIME);
        try {
            AgentRun plan = agentOn(pg, "plan", "--spec", spec.toString());
            assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
            assertThat(plan.out()).contains("  # setting.listen_addresses will be changed [needs-restart, may-lock-out]\n")
                    .contains("      ~ value = \"127.0.0.1\" -> \"127.0.0.1,127.0.0.2\"\n")
                    .endsWith("Plan: 0 to add, 1 to change, 0 to destroy; 0 unmanaged, 0 need manual action."
                            + " Afterwards: restart.\n");

            AgentRun apply = agentOn(pg, "apply", "--spec", spec.toString());
            assertThat(apply.exitCode()).as(apply.err()).isZero();
            assertThat(apply.out()).endsWith("Apply complete! 0 added, 1 changed, 0 destroyed.\n"
                    + "Reloaded the server configuration.\n"
                    + "Restart pending (restart: never): setting.listen_addresses take effect when the server is"
                    + " restarted.\n");
            assertThat(pg.psql("SELECT setting, pending_restart FROM pg_settings WHERE name = 'listen_addresses'"))
                    .isEqualTo("127.0.0.1|t");

            for (int run = 0; run < 2; run++) {
                AgentRun again = agentOn(pg, "plan", "--spec", spec.toString());
                assertThat(again.exitCode()).isEqualTo(2);
                assertThat(again.out()).contains("already in " + pg.dataDir().resolve("postgresql.auto.conf")
                        + "; takes effect when the server restarts").contains("waits for a restart");
            }
            AgentRun applyAgain = agentOn(pg, "apply", "--spec", spec.toString());
            assertThat(applyAgain.exitCode()).as(applyAgain.err()).isZero();
            assertThat(applyAgain.out()).doesNotContain("Apply complete").contains("Restart pending");
            assertThat(pg.psql(START_TIME)).isEqualTo(started);
        } finally {
            Files.delete(spec);
        }
    }
}
