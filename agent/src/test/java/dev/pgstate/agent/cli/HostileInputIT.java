package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker tried on PostgreSQL 16 (issue 13): each input is refused at validate or plan with exit 65 and
 * nothing changes, and a name someone else gave a role cannot forge lines of the plan.
 */
@PgVersion(16)
class HostileInputIT {

    @TempDir
    Path dir;

    @Test
    void aLineBreakInAnHbaCommentIsRefusedAndNothingIsWritten(PgCluster pg) throws IOException {
        String before = Files.readString(pg.hbaFile());
        Path spec = spec("""
                hba:
                  rules:
                    - type: host
                      users: [app]
                      address: 10.0.0.0/8
                      method: scram-sha-256
                      comment: "hello\\nhost all all 0.0.0.0/0 trust"
                """);

        AgentRun run = agentOn(pg, "apply", "--spec", spec.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).isEqualTo("error: " + spec + ":7:7: hba.rules[0].comment: must not contain control "
                + "characters (line breaks, tabs, escapes); found U+000A at character 6\n");
        assertThat(Files.readString(pg.hbaFile())).isEqualTo(before);
    }

    @Test
    void inputsTheServerWouldRefuseAtApplyAreRefusedAtPlan(PgCluster pg) throws IOException {
        AgentRun reserved = agentOn(pg, "plan", "--spec", spec("roles:\n  - name: none\n  - name: public\n").toString());
        AgentRun setting = agentOn(pg, "plan", "--spec",
                spec("server:\n  settings:\n    application_name: \"a\\nb\"\n").toString());
        AgentRun locale = agentOn(pg, "apply", "--spec",
                spec("roles:\n  - name: app\ndatabases:\n  - name: appdb\n    locale: no_SUCH.locale\n").toString());

        assertThat(reserved.exitCode()).isEqualTo(65);
        assertThat(reserved.err()).contains("roles[0].name: \"none\" is reserved")
                .contains("roles[1].name: \"public\" is reserved");
        assertThat(setting.exitCode()).isEqualTo(65);
        assertThat(setting.err()).contains("server.settings.application_name: must not contain control characters");
        assertThat(locale.exitCode()).isEqualTo(65);
        assertThat(locale.err()).isEqualTo("error: databases[0].locale: the server has no locale \"no_SUCH.locale\" "
                + "(`locale -a` on its box lists the ones it has)\n");
        assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'app'")).isEqualTo("0");
    }

    @Test
    void aLineBreakInARolesOrADatabasesSettingIsRefusedOnOneLineEach(PgCluster pg) throws IOException {
        Path spec = spec("""
                roles:
                  - name: app
                    settings:
                      work_mem: "64MB\\nshared_buffers = 1GB"
                databases:
                  - name: appdb
                    settings:
                      search_path: "public\\nx"
                """);

        AgentRun run = agentOn(pg, "plan", "--spec", spec.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).isEqualTo("error: " + spec + ":4:7: roles[0].settings.work_mem: must not contain "
                + "control characters (line breaks, tabs, escapes); found U+000A at character 5\n"
                + "error: " + spec + ":8:7: databases[0].settings.search_path: must not contain control "
                + "characters (line breaks, tabs, escapes); found U+000A at character 7\n");
        assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'app'")).isEqualTo("0");
    }

    @Test
    void theBootstrapSuperuserKeepingItsConnectionsIsReportedAsSuch(PgCluster pg) throws IOException {
        AgentRun run = agentOn(pg, "plan", "--spec",
                spec("roles:\n  - name: " + pg.superuser() + "\n    connection_limit: 0\n").toString());

        assertThat(run.exitCode()).as("a manual action, nothing else pending").isEqualTo(4);
        assertThat(run.out()).contains("  ! role." + pg.superuser() + ": connection_limit is -1, the spec wants 0\n"
                + "      the bootstrap superuser keeps SUPERUSER, LOGIN and its connections; the agent will not take "
                + "them away\n");
    }

    @Test
    void aRoleNameCannotForgeLinesOfThePlan(PgCluster pg) throws IOException {
        pg.execute("CREATE ROLE \"z\n\nNo changes. The server matches the spec.\"");

        AgentRun run = agentOn(pg, "plan", "--spec", spec("roles:\n  - name: app\n").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains("\n    role.\"z\\n\\nNo changes. The server matches the spec.\"\n")
                .doesNotContain("No changes. The server matches the spec.\n");
    }

    private Path spec(String yaml) throws IOException {
        Path spec = Files.createTempFile(dir, "spec", ".yaml");
        Files.writeString(spec, yaml);
        return spec;
    }
}
