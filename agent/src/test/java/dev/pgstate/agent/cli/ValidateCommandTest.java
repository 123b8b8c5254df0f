package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    private static final String SPECS = "src/test/resources/specs/";

    @Test
    void validSpecPrintsWhatItHoldsAndExitsZero() {
        AgentRun run = agent("validate", "--spec", SPECS + "valid.yaml");

        assertThat(run).isEqualTo(new AgentRun(0, "spec " + SPECS + "valid.yaml is valid: 2 roles, 1 database\n", ""));
    }

    @Test
    void invalidSpecListsEveryProblemOnStderrAndExits65() {
        AgentRun run = agent("validate", "--spec", SPECS + "invalid.yaml");

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                error: %1$s:4:5: roles[0].connection_limit: expected -1 (no limit) or more, found -5
                error: %1$s:5:5: roles[1].name: role "admin" is already declared at roles[0] (line 2)
                """.formatted(SPECS + "invalid.yaml"));
    }

    /** Without a tls section too: an unchecked certificate named there made the next reload or start fail. */
    @Test
    void sslInServerSettingsIsASpecErrorPointingAtTheTlsSection(@TempDir Path dir) throws java.io.IOException {
        Path spec = dir.resolve("ssl.yaml");
        java.nio.file.Files.writeString(spec, "server:\n  settings:\n    ssl: on\n    ssl_cert_file: /tmp/x.crt\n");

        AgentRun run = agent("validate", "--spec", spec.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).isEqualTo("""
                error: %1$s:3:5: server.settings.ssl: set by the agent from the tls section (ssl = on only once the \
                material checks out); move it there
                error: %1$s:4:5: server.settings.ssl_cert_file: set by the agent from the tls section \
                (tls.certificate and its destination); move it there
                """.formatted(spec));
    }

    @Test
    void missingSpecFileIsAUsageError() {
        AgentRun run = agent("validate", "--spec", SPECS + "no-such.yaml");

        assertThat(run).isEqualTo(new AgentRun(64, "",
                "error: spec file " + SPECS + "no-such.yaml does not exist or is not a file\n"));
    }

    @Test
    void aSpecOthersCanWriteIsRefusedWith65(@TempDir Path dir) throws IOException {
        Path spec = Files.copy(Path.of(SPECS, "valid.yaml"), dir.resolve("valid.yaml"));
        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("rw-rw-rw-"));

        AgentRun run = agent("validate", "--spec", spec.toString());

        assertThat(run).isEqualTo(new AgentRun(65, "", "error: " + spec + ":1:1: refused: " + spec + " is writable by"
                + " group or others (mode 0666); the agent obeys only files nobody but their owner can change: chmod go-w "
                + spec.toRealPath() + "\n"));
    }

    @Test
    void aRestartProgramOthersCanWriteIsRefusedWith65(@TempDir Path dir) throws IOException {
        Path program = Files.writeString(dir.resolve("restart-pg"), "#!/bin/sh\npg_ctl restart\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "server:\n  restart_command: " + program + " --fast\n");

        AgentRun run = agent("validate", "--spec", spec.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).startsWith("error: " + spec + ":2:3: server.restart_command: refused: " + program
                + " is writable by group or others (mode 0777)");

        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(agent("validate", "--spec", spec.toString()).exitCode()).isZero();
    }

    @Test
    void theIdentityBoxExampleIsValid() {
        Path example = Path.of("..", "config-examples", "identity-box.yaml");

        AgentRun run = agent("validate", "--spec", example.toString());

        assertThat(run).isEqualTo(new AgentRun(0, "spec " + example + " is valid: 3 roles, 1 database\n", ""));
    }
}
