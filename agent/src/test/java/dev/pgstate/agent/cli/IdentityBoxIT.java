package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;

/** The Identity Box example end to end: apply, idempotence, out-of-band drift, healing. */
class IdentityBoxIT {

    static final String SPEC = "../config-examples/identity-box.yaml";

    private static final String ROLES = "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolinherit,"
            + " rolreplication, rolbypassrls FROM pg_roles WHERE rolname IN ('admin', 'idbox') ORDER BY 1";
    private static final String OWNER = "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'idboxdb'";

    /**
     * The first apply rewrites pg_hba.conf, which takes a reload. The example's password_encryption is
     * scram-sha-256, the default from PostgreSQL 14; before that the first apply also changes it.
     */
    static String firstApplyEnding(PgCluster pg) {
        return pg.majorVersion() >= 14
                ? "\nApply complete! 3 added, 1 changed, 0 destroyed.\nReloaded the server configuration.\n"
                : "\nApply complete! 3 added, 2 changed, 0 destroyed.\nReloaded the server configuration.\n";
    }

    @AcrossPgVersions
    void appliesTheExampleThenHealsDrift(PgCluster pg) {
        AgentRun first = agentOn(pg, "apply", "--spec", SPEC);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).endsWith(firstApplyEnding(pg));
        assertThat(pg.psql("SELECT line_number, type, user_name, auth_method FROM pg_hba_file_rules WHERE line_number < 7"))
                .isEqualTo("3|local|{postgres}|peer\n4|local|{admin}|scram-sha-256\n6|hostssl|{all}|scram-sha-256");
        assertThat(pg.psql(ROLES)).isEqualTo("admin|t|t|f|t|t|f|f\nidbox|f|f|f|t|t|f|f");
        assertThat(pg.psql(OWNER)).isEqualTo("idbox");

        AgentRun again = agentOn(pg, "apply", "--spec", SPEC);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("No changes. The server matches the spec.").doesNotContain("Apply complete");
        assertThat(agentOn(pg, "plan", "--spec", SPEC).exitCode()).isZero();

        pg.execute("ALTER ROLE admin CREATEROLE");
        pg.execute("ALTER ROLE idbox CREATEDB");
        pg.execute("ALTER DATABASE idboxdb OWNER TO admin");
        // idbox is a member of no role in the example (member_of: []), so this grant is drift too.
        pg.execute("GRANT admin TO idbox");

        AgentRun drift = agentOn(pg, "plan", "--spec", SPEC);
        assertThat(drift.exitCode()).isEqualTo(2);
        assertThat(drift.out())
                .contains("  ~ role.admin {\n      ~ createrole = true -> false\n    }\n")
                .contains("  ~ role.idbox {\n      ~ createdb = true -> false\n    }\n")
                .contains("  ~ database.idboxdb {\n      ~ owner = \"admin\" -> \"idbox\"\n    }\n")
                .contains("  # membership.admin.idbox will be revoked [may-lock-out]\n")
                .endsWith("Plan: 0 to add, 3 to change, 1 to destroy; 0 unmanaged, 0 need manual action.\n");

        AgentRun heal = agentOn(pg, "apply", "--spec", SPEC);
        assertThat(heal.exitCode()).as(heal.err()).isZero();
        assertThat(heal.out()).endsWith("\nApply complete! 0 added, 3 changed, 1 destroyed.\n");
        assertThat(pg.psql(ROLES)).isEqualTo("admin|t|t|f|t|t|f|f\nidbox|f|f|f|t|t|f|f");
        assertThat(pg.psql(OWNER)).isEqualTo("idbox");
        assertThat(pg.psql("SELECT count(*) FROM pg_auth_members WHERE member = 'idbox'::regrole")).isEqualTo("0");
        assertThat(agentOn(pg, "plan", "--spec", SPEC).exitCode()).isZero();
    }
}
