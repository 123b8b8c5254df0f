package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements the server refuses: exit 1, each failed change with the server's words, and the changes that do not
 * need them applied all the same. The refusal is one no plan can foresee: the template is in use by another session.
 */
class ApplyFailureIT {

    @AcrossPgVersions
    void reportsEveryFailedChangeAndAppliesTheOthers(PgCluster pg, @TempDir Path dir) throws IOException, SQLException {
        pg.execute("CREATE DATABASE busy");
        Path spec = dir.resolve("busy-template.yaml");
        Files.writeString(spec, """
                roles:
                  - name: app
                    login: true
                databases:
                  - name: appdb
                    owner: app
                    template: busy
                  - name: baddb
                    template: busy
                  - name: gooddb
                    owner: app
                """);

        AgentRun run;
        try (Connection busy = pg.connect("busy")) {
            run = agentOn(pg, "apply", "--spec", spec.toString());
        }

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
