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

    private static AgentRun asAdmin(PgCluster pg, Path spec, String verb) {
        return agent(ENV, verb, "--spec", spec.toString(), "--host", "127.0.0.1", "--port", String.valueOf(pg.port()),
                "--user", "admin", "--dbname", "postgres");
    }
}
