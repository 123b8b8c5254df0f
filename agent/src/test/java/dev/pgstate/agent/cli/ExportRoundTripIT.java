package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static dev.pgstate.reconcilers.core.sql.Sql.identifier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Export describes the server exactly: planning the exported spec against the same server changes nothing. */
class ExportRoundTripIT {

    private static final String QUOTE = "we\"ird";
    private static final String COLON = "a: b";
    private static final String SPACE = " lead";
    private static final String UNICODE = "ünï 名前";
    private static final String BOOLEAN = "true";
    private static final String NUMBER = "007";

    @AcrossPgVersions
    void exportedSpecPlansToNoChanges(PgCluster pg, @TempDir Path dir) throws IOException {
        pg.execute("CREATE ROLE " + identifier(COLON) + " LOGIN CREATEDB CONNECTION LIMIT 5 VALID UNTIL '2031-01-01'");
        pg.execute("CREATE ROLE " + identifier(QUOTE) + " NOINHERIT");
        pg.execute("CREATE ROLE " + identifier(SPACE) + " REPLICATION");
        pg.execute("CREATE ROLE " + identifier(UNICODE) + " CREATEROLE");
        pg.execute("CREATE ROLE " + identifier(BOOLEAN) + " BYPASSRLS");
        pg.execute("CREATE ROLE " + identifier(NUMBER) + " SUPERUSER PASSWORD 'never exported'");
        pg.execute("GRANT " + identifier(COLON) + " TO " + identifier(QUOTE) + " WITH ADMIN OPTION");
        pg.execute("GRANT " + identifier(UNICODE) + " TO " + identifier(SPACE));
        pg.execute("GRANT pg_monitor TO " + identifier(NUMBER));
        if (pg.majorVersion() >= 16) {
            pg.execute("GRANT " + identifier(BOOLEAN) + " TO " + identifier(COLON) + " WITH INHERIT FALSE, SET FALSE");
        }
        pg.execute("CREATE DATABASE " + identifier(UNICODE) + " OWNER " + identifier(COLON) + " CONNECTION LIMIT 3");
        pg.execute("CREATE DATABASE " + identifier(COLON) + " OWNER " + identifier(NUMBER)
                + " TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'");
        pg.execute("CREATE DATABASE tmpl IS_TEMPLATE true ALLOW_CONNECTIONS false");
        pg.psql(UNICODE, "CREATE SCHEMA " + identifier(QUOTE) + "; CREATE EXTENSION hstore SCHEMA " + identifier(QUOTE)
                + " VERSION '1.4'; CREATE EXTENSION pg_trgm");
        Path exported = dir.resolve("exported.yaml");

        AgentRun export = agentOn(pg, "export", "--output", exported.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.err()).isEqualTo("exported 6 roles and 3 databases to " + exported + "\n");
        // roles without a password say so; the one with a password leaves it unmanaged, never exported
        assertThat(Files.readString(exported)).contains("password: none").doesNotContain("SCRAM-SHA-256")
                .doesNotContain("md5").doesNotContain("never exported");
        // the extensions in their hostile schema come back as the plan below shows: exactly as they are
        assertThat(Files.readString(exported)).contains("    extensions:\n      - name: hstore\n        version: \"1.4\"\n")
                .contains("      - name: pg_trgm\n").doesNotContain("plpgsql");

        AgentRun plan = agentOn(pg, "plan", "--spec", exported.toString());
        assertThat(plan.exitCode()).as(plan.err() + Files.readString(exported)).isZero();
        assertThat(plan.out()).isEqualTo("""
                No changes. The server matches the spec.

                Plan: 0 to add, 0 to change, 0 to destroy; 0 unmanaged, 0 need manual action.
                """);
    }

    @AcrossPgVersions
    void exportToStdoutOmitsBootstrapObjects(PgCluster pg) {
        pg.execute("CREATE ROLE app LOGIN");

        AgentRun export = agentOn(pg, "export");

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).startsWith("# pgstate spec exported from PostgreSQL " + pg.majorVersion()
                + " at 127.0.0.1:" + pg.port() + "\nroles:\n  - name: app\n").endsWith("databases: []\n")
                .doesNotContain("postgres").doesNotContain("pg_");
    }
}
