package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * As reported: after ALTER ROLE postgres SET work_mem = '1MB', a spec with work_mem (and application_name, which the
 * agent's own session sets) converged once and then stays converged, over TCP and over the socket, for apply, plan and
 * a daemon cycle; the role's own value is a warning.
 */
class SessionSettingsIT {

    @AcrossPgVersions
    void aRolesOwnValueAndTheAgentsSessionAreNoDrift(PgCluster pg, @TempDir Path dir) throws IOException {
        pg.execute("ALTER ROLE postgres SET work_mem = '1MB'");
        Path spec = dir.resolve("settings.yaml");
        Files.writeString(spec, "server:\n  settings:\n    work_mem: 64MB\n    application_name: box\n");

        AgentRun apply = over("127.0.0.1", pg, "apply", "--spec", spec.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();

        for (String host : new String[] {"127.0.0.1", pg.socketDir().toString()}) {
            AgentRun plan = over(host, pg, "plan", "--spec", spec.toString());
            assertThat(plan.exitCode()).as(host + "\n" + plan.out() + plan.err()).isZero();
            assertThat(plan.out()).contains("No changes.", "setting.work_mem: role \"postgres\" sets work_mem = '1MB' "
                    + "(ALTER ROLE … SET), which its sessions get instead of 64MB");
            AgentRun again = over(host, pg, "apply", "--spec", spec.toString());
            assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
            assertThat(again.out()).contains("No changes.");
            AgentRun cycle = over(host, pg, "run", "--once", "--no-metrics", "--spec", spec.toString(), "--state-directory",
                    dir.toString());
            assertThat(cycle.out()).as(cycle.err()).isEqualTo("enforce cycle 1 ok: 0 drifted, 0 changed, 0 pending\n");
        }
    }

    private static AgentRun over(String host, PgCluster pg, String... args) {
        String[] all = new String[args.length + 8];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--host", host, "--port", String.valueOf(pg.port()), "--user", pg.superuser(),
                "--dbname", "postgres"}, 0, all, args.length, 8);
        return agent(all);
    }
}
