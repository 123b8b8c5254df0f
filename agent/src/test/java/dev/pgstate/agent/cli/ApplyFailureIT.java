package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A statement the server refuses: exit 1, the failed change with the server's words, and what was done before. */
class ApplyFailureIT {

    @AcrossPgVersions
    void reportsTheFailedChangeAndWhatWasApplied(PgCluster pg, @TempDir Path dir) throws IOException {
        Path spec = dir.resolve("bad-locale.yaml");
        Files.writeString(spec, """
                roles:
                  - name: app
                    login: true
                databases:
                  - name: appdb
                    owner: app
                    lc_collate: no_SUCH.locale
                    lc_ctype: no_SUCH.locale
                """);

        AgentRun run = agentOn(pg, "apply", "--spec", spec.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: apply failed at database.appdb: ").contains("(SQLSTATE ")
                .hasLineCount(1);
        assertThat(run.out()).contains("\nApply failed at database.appdb: ")
                .contains("\nApplied before the failure:\n  + role.app\n");
        assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'app'")).isEqualTo("1");
    }
}
