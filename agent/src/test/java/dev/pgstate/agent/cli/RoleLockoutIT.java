package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent connected as "admin" over TCP with a password: a role change that would stop that login is refused
 * with exit 65 and changes nothing, so the agent still gets in; one that keeps it working is applied once.
 */
class RoleLockoutIT {

    private static final String PASSWORD = "admin-secret";
    private static final Map<String, String> ENV = Map.of("PGPASSWORD", PASSWORD, "ADMIN_PASSWORD", PASSWORD,
            "OTHER_PASSWORD", "not-the-agents");

    @AcrossPgVersions
    void changesThatWouldLockTheAgentOutOfItsOwnRoleAreRefused(PgCluster pg, @TempDir Path dir) throws IOException {
        passwordLoginAsAdmin(pg);
        List<String> lockouts = List.of("valid_until: 2001-01-01", "login: false", "password: none",
                "password: {env: OTHER_PASSWORD}");

        for (String lockout : lockouts) {
            AgentRun run = asAdmin(pg, spec(dir, "    " + lockout), "apply");

            assertThat(run.exitCode()).as(lockout + "\n" + run.out() + run.err()).isEqualTo(65);
            assertThat(run.err()).as(lockout).contains("role \"admin\"", "the agent", "--allow-lockout");
            assertThat(pg.psql("SELECT rolcanlogin AND rolvaliduntil IS NULL FROM pg_roles WHERE rolname = 'admin'"))
                    .isEqualTo("t");
            AgentRun plan = asAdmin(pg, spec(dir, "    " + lockout), "plan");
            assertThat(plan.exitCode()).as(lockout + "\n" + plan.err()).isEqualTo(2);
            assertThat(plan.out()).as(lockout).contains("may-lock-out");
        }
    }

    /** Told to, apply makes the change; it then cannot get back in to check its work, and says so. */
    @AcrossPgVersions
    void allowLockoutAppliesItAnyway(PgCluster pg, @TempDir Path dir) throws IOException {
        passwordLoginAsAdmin(pg);

        AgentRun run = agent(ENV, "apply", "--allow-lockout", "--spec", spec(dir, "    valid_until: 2001-01-01")
                .toString(), "--host", "127.0.0.1", "--port", String.valueOf(pg.port()), "--user", "admin",
                "--dbname", "postgres");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("cannot connect", "admin");
        assertThat(pg.psql("SELECT rolvaliduntil < now() FROM pg_roles WHERE rolname = 'admin'")).isEqualTo("t");
    }

    @AcrossPgVersions
    void changesThatKeepTheAgentsLoginAreAppliedOnce(PgCluster pg, @TempDir Path dir) throws IOException {
        passwordLoginAsAdmin(pg);
        Path spec = spec(dir, "    valid_until: 2099-01-01\n    password: {env: ADMIN_PASSWORD}\n    connection_limit: 5");

        AgentRun first = asAdmin(pg, spec, "apply");

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(pg.psql("SELECT rolconnlimit, rolvaliduntil > now() FROM pg_roles WHERE rolname = 'admin'"))
                .isEqualTo("5|t");
        AgentRun second = asAdmin(pg, spec, "apply");
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("No changes");
    }

    /**
     * The agent gets in through the group its role is a member of ({@code +agents}): the apply that grants the
     * membership and installs that rule is no lockout, and revoking the membership or dropping the group (pg_hba.conf
     * unchanged) is one. The walk-through's revoke was applied and locked the agent out of its own server.
     */
    @AcrossPgVersions
    void revokingTheMembershipTheAgentGetsInThroughIsALockout(PgCluster pg, @TempDir Path dir) throws IOException {
        pg.execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE admin LOGIN SUPERUSER PASSWORD '"
                + PASSWORD + "'");
        String hba = String.join("\n", "hba:", "  ownership: whole-file", "  rules:",
                "    - {type: local, users: [postgres], method: trust}",
                "    - {type: host, users: [postgres], address: 127.0.0.1/32, method: trust}",
                "    - {type: host, users: [postgres], address: '::1/128', method: trust}",
                "    - {type: host, users: [+agents], address: 127.0.0.1/32, method: scram-sha-256}",
                "lint: {ignore: [{rule: hba-trust, reason: the test cluster's superuser reads the server}]}", "");
        String admin = "roles:\n  - {name: admin, superuser: true, login: true, password: {env: ADMIN_PASSWORD}";

        AgentRun granted = asAdmin(pg, specText(dir, admin + ", member_of: [agents]}\n  - name: agents\n" + hba),
                "apply");
        assertThat(granted.exitCode()).as(granted.out() + granted.err()).isZero();

        List<String> lockouts = List.of(admin + ", member_of: []}\n  - name: agents\n",
                admin + "}\n  - {name: agents, state: absent}\n");
        for (String roles : lockouts) {
            AgentRun run = asAdmin(pg, specText(dir, roles + hba), "apply");

            assertThat(run.exitCode()).as(roles + "\n" + run.out() + run.err()).isEqualTo(65);
            assertThat(run.err()).as(roles).contains("the agent's own connection", "would be locked out",
                    "--allow-lockout");
            assertThat(pg.psql("SELECT pg_has_role('admin', 'agents', 'MEMBER')")).as(roles).isEqualTo("t");
            AgentRun plan = asAdmin(pg, specText(dir, roles + hba), "plan");
            assertThat(plan.exitCode()).as(roles + "\n" + plan.err()).isEqualTo(2);
            assertThat(plan.out()).as(roles).contains("may-lock-out");
        }
    }

    /**
     * The same revoke and drop from a spec without an hba section: pg_hba.conf (written by hand, not managed) lets
     * "admin" in only through {@code +agents}, and the check still judges it. The walk-through's spec had no hba
     * section, so the file was never read and the revoke locked the agent out.
     */
    @AcrossPgVersions
    void revokingTheAgentsGroupIsALockoutAlsoWhenTheSpecLeavesPgHbaAlone(PgCluster pg, @TempDir Path dir)
            throws IOException {
        pg.execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE admin LOGIN SUPERUSER PASSWORD '"
                + PASSWORD + "'; CREATE ROLE agents; GRANT agents TO admin");
        String hba = Files.readString(pg.hbaFile());
        Files.writeString(pg.hbaFile(), "host all +agents 127.0.0.1/32 scram-sha-256\n"
                + "host all admin 127.0.0.1/32 reject\n" + hba);
        pg.execute("SELECT pg_reload_conf()");
        String admin = "roles:\n  - {name: admin, superuser: true, login: true, password: {env: ADMIN_PASSWORD}";

        for (String roles : List.of(admin + ", member_of: []}\n  - name: agents\n",
                admin + "}\n  - {name: agents, state: absent}\n")) {
            AgentRun run = asAdmin(pg, specText(dir, roles), "apply");

            assertThat(run.exitCode()).as(roles + "\n" + run.out() + run.err()).isEqualTo(65);
            assertThat(run.err()).as(roles).contains("the agent's own connection", "would be locked out",
                    "--allow-lockout");
            assertThat(pg.psql("SELECT pg_has_role('admin', 'agents', 'MEMBER')")).as(roles).isEqualTo("t");
            AgentRun plan = asAdmin(pg, specText(dir, roles), "plan");
            assertThat(plan.exitCode()).as(roles + "\n" + plan.err()).isEqualTo(2);
            assertThat(plan.out()).as(roles).contains("may-lock-out");
        }
        AgentRun kept = asAdmin(pg, specText(dir, admin + ", member_of: [agents]}\n  - name: agents\n"), "apply");
        assertThat(kept.exitCode()).as(kept.out() + kept.err()).isZero();
    }

    /** A superuser "admin" that may log in over TCP only with its password. */
    private static void passwordLoginAsAdmin(PgCluster pg) throws IOException {
        pg.execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE admin LOGIN SUPERUSER PASSWORD '"
                + PASSWORD + "'");
        String hba = Files.readString(pg.hbaFile());
        Files.writeString(pg.hbaFile(), "host all admin 127.0.0.1/32 scram-sha-256\n" + hba);
        pg.execute("SELECT pg_reload_conf()");
    }

    private static Path spec(Path dir, String attributes) throws IOException {
        Path spec = dir.resolve("admin.yaml");
        Files.writeString(spec, "roles:\n  - name: admin\n" + attributes + "\n");
        return spec;
    }

    private static Path specText(Path dir, String text) throws IOException {
        return Files.writeString(dir.resolve("admin.yaml"), text);
    }

    private static AgentRun asAdmin(PgCluster pg, Path spec, String verb) {
        return agent(ENV, verb, "--spec", spec.toString(), "--host", "127.0.0.1", "--port", String.valueOf(pg.port()),
                "--user", "admin", "--dbname", "postgres");
    }
}
