package dev.pgstate.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own JVM, through {@link Main#main}: what reaches stdout and stderr before the process exits, which
 * the in-process runs of the other tests cannot see (their writers are flushed by the test, not by the agent).
 */
class AgentProcessIT {

    @TempDir
    Path dir;

    @Test
    @PgVersion(18)
    void everyReportReachesStdoutBeforeTheProcessExits(PgCluster pg) throws Exception {
        AgentRun plan = agentProcess(pg, "plan", "--spec", IdentityBoxIT.SPEC);
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("  + role.admin {")
                .endsWith("Plan: 3 to add, 1 to change, 0 to destroy; 0 unmanaged, 0 need manual action. Afterwards: reload.\n");

        AgentRun apply = agentProcess(pg, "apply", "--spec", IdentityBoxIT.SPEC);
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).endsWith(IdentityBoxIT.firstApplyEnding(pg));

        AgentRun converged = agentProcess(pg, "plan", "--spec", IdentityBoxIT.SPEC);
        assertThat(converged.exitCode()).as(converged.err()).isZero();
        // the test server has ssl = off, so the example's hostssl rule is a lint error shown above the plan
        assertThat(converged.out()).startsWith("The spec breaks security rules")
                .contains("\n\nNo changes. The server matches the spec.\n")
                .endsWith("Plan: 0 to add, 0 to change, 0 to destroy; 0 unmanaged, 0 need manual action.\n");

        AgentRun json = agentProcess(pg, "plan", "--spec", IdentityBoxIT.SPEC, "--format", "json");
        assertThat(json.out()).startsWith("{").endsWith("}\n");
    }

    @Test
    @PgVersion(18)
    void aSecondProcessPlansWithoutAPbkdf2ForPasswordsThatDidNotChange(PgCluster pg) throws Exception {
        StringBuilder spec = new StringBuilder("roles:\n");
        for (String role : List.of("app0", "app1", "app2")) {
            Path secret = Files.writeString(dir.resolve(role), "secret of " + role);
            Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            spec.append("  - {name: ").append(role).append(", login: true, password: {file: ").append(secret)
                    .append("}}\n");
        }
        String specFile = Files.writeString(dir.resolve("spec.yaml"), spec).toString();
        String state = dir.resolve("state").toString();
        assertThat(agentProcess(pg, "apply", "--spec", specFile, "--state-directory", state).exitCode()).isZero();

        AgentRun second = agentProcess(pg, "plan", "--spec", specFile, "--state-directory", state, "--debug");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("event=password_checks remembered=3 computed=0");

        Files.writeString(dir.resolve("app1"), "rotated");
        AgentRun rotated = agentProcess(pg, "plan", "--spec", specFile, "--state-directory", state, "--debug");
        assertThat(rotated.exitCode()).as(rotated.err()).isEqualTo(2);
        assertThat(rotated.err()).contains("event=password_checks remembered=2 computed=1");
        assertThat(rotated.out()).contains("role.app1");
        assertThat(rotated.err()).as("classes without the jar's openings copy digests")
                .contains("event=pbkdf2 checks=jdk-digest verifiers=jdk-digest c1_only=false");
    }

    /** The jar opens the JDK's SHA-256 block function to the agent, which then checks (never makes) passwords on it. */
    @Test
    @PgVersion(18)
    void theJarChecksPasswordsOnTheJdksSha256BlockFunction(PgCluster pg) throws Exception {
        Path secret = Files.writeString(dir.resolve("app"), "secret of app");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String spec = Files.writeString(dir.resolve("spec.yaml"),
                "roles:\n  - {name: app, login: true, password: {file: " + secret + "}}\n").toString();
        AgentRun apply = AgentRun.fromJar(dir, List.of(AgentRun.onServer(pg, "apply", "--spec", spec, "--debug",
                "--state-directory", dir.resolve("state").toString())));
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.err()).as("verifiers are made through the digests alone")
                .contains("event=pbkdf2 checks=jdk-block-function verifiers=jdk-digest c1_only=false");

        AgentRun plan = AgentRun.fromJar(dir, List.of(AgentRun.onServer(pg, "plan", "--spec", spec, "--debug",
                "--state-directory", dir.resolve("fresh").toString())));
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.err()).contains("event=password_checks remembered=0 computed=1");
        assertThat(plan.out()).contains("No changes.");
    }

    @Test
    void anInvalidSpecEndsWithItsErrorOnStderr() throws Exception {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), "roles:\n  - name: x\n    login: maybe\n");
        AgentRun validate = AgentRun.inOwnJvm(dir, List.of("validate", "--spec", spec.toString()));
        assertThat(validate.exitCode()).isEqualTo(65);
        assertThat(validate.out()).isEmpty();
        assertThat(validate.err()).contains(spec + ":3").contains("login").endsWith("\n");
    }

    private AgentRun agentProcess(PgCluster pg, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(pg.port()), "--user", pg.superuser(),
                "--dbname", "postgres"));
        return AgentRun.inOwnJvm(dir, all);
    }

}
