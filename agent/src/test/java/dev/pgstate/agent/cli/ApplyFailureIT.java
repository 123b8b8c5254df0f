package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements the server refuses: exit 1, each failed change with the server's words, and the changes that do not
 * need them applied all the same.
 */
class ApplyFailureIT {

    @AcrossPgVersions
    void reportsEveryFailedChangeAndAppliesTheOthers(PgCluster pg, @TempDir Path dir) throws IOException {
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
                  - name: baddb
                    lc_collate: other_BAD.locale
                    lc_ctype: other_BAD.locale
                  - name: gooddb
                    owner: app
                """);

        AgentRun run = agentOn(pg, "apply", "--spec", spec.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: apply failed at database.appdb: ").contains("(SQLSTATE ")
                .endsWith(" (and 1 more failed change)\n").hasLineCount(1);
        assertThat(run.out()).contains("\nApply failed at database.appdb: ").contains("\nApply failed at database.baddb: ")
                .contains("\nApplied:\n  + role.app\n  + database.gooddb\n");
        assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'app'")).isEqualTo("1");
        assertThat(pg.psql("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"
                + " WHERE datname IN ('appdb', 'baddb', 'gooddb')")).isEqualTo("gooddb");
    }
}
