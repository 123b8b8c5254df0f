package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent render}: the inventory's checks and the spec a box gets, without any box. */
class RenderCommandTest {

    private static final String SPEC = """
            roles:
              - name: app_${box.name}
                login: true
                connection_limit: ${box.app_limit}
            server:
              listen_addresses: ["${box.lan_address}"]
            """;

    @TempDir
    Path dir;

    private Path spec;

    @BeforeEach
    void spec() throws IOException {
        spec = Files.writeString(dir.resolve("spec.yaml"), SPEC);
    }

    @Test
    void theBoxGetsItsOwnValuesAndTheInventoryDefaults() throws IOException {
        Path inventory = inventory("""
                defaults:
                  vars:
                    app_limit: 10
                boxes:
                  - name: db1
                    host: 10.0.0.5
                    vars:
                      lan_address: 10.0.0.5
                  - name: db2
                    host: 10.0.0.6
                    vars:
                      lan_address: 10.0.0.6
                      app_limit: 20
                """);

        AgentRun run = agent("render", "--inventory", inventory.toString(), "--box", "db2", "--spec", spec.toString());

        assertThat(run).isEqualTo(new AgentRun(0, """
                roles:
                  - name: app_db2
                    login: true
                    connection_limit: 20
                server:
                  listen_addresses: ["10.0.0.6"]
                """, ""));
    }

    @Test
    void anUndefinedVariableNamesTheBoxTheKeyAndWhereTheSpecUsesIt() throws IOException {
        Path inventory = inventory("""
                boxes:
                  - name: db1
                    host: 10.0.0.5
                    vars:
                      app_limit: 10
                      lan_adress: 10.0.0.5
                """);

        AgentRun run = agent("render", "--inventory", inventory.toString(), "--box", "db1", "--spec", spec.toString());

        assertThat(run).isEqualTo(new AgentRun(65, "", "error: " + spec + ":6:23: ${box.lan_address} is not defined for "
                + "box db1: give it vars: {lan_address: ...} in the inventory\n"));
    }

    @Test
    void aVariableTheSpecDoesNotUseIsAWarning() throws IOException {
        Path inventory = inventory("""
                boxes:
                  - name: db1
                    host: 10.0.0.5
                    vars: {app_limit: 1, lan_address: 10.0.0.5, lan_cidr: 10.0.0.0/24}
                """);

        AgentRun run = agent("render", "--inventory", inventory.toString(), "--box", "db1", "--spec", spec.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo("warning: variable lan_cidr (db1) is not used by " + spec + "\n");
    }

    @Test
    void everyProblemOfTheInventoryIsListedWithItsLine() throws IOException {
        Path inventory = inventory("""
                boxes:
                  - name: db1
                    host: 10.0.0.5
                    adress: 10.0.0.5
                  - name: db1
                    host: "two words"
                    port: 70000
                    become: {method: su, user: -postgres}
                    groups: [db1]
                    vars:
                      lan: "a\\nb"
                """);

        AgentRun run = agent("render", "--inventory", inventory.toString(), "--box", "db1", "--spec", spec.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).isEqualTo("""
                error: %1$s:4:5: boxes[0].adress: unknown key "adress"; expected one of agent_command, become, \
                daemon_reload_command, groups, host, identity_file, name, port, spec_path, state_directory, user, vars
                """.formatted(inventory));
        Files.writeString(inventory, Files.readString(inventory).replace("    adress: 10.0.0.5\n", ""));

        AgentRun again = agent("render", "--inventory", inventory.toString(), "--box", "db1", "--spec", spec.toString());

        assertThat(again.err()).isEqualTo("""
                error: %1$s:4:5: boxes[1].name: duplicate box name "db1"; the first is on line 2
                error: %1$s:5:5: boxes[1].host: expected one word without spaces, control characters or a leading '-'
                error: %1$s:6:5: boxes[1].port: expected a port from 1 to 65535, found 70000
                error: %1$s:7:14: boxes[1].become.method: expected one of sudo, runuser, found "su"
                error: %1$s:7:26: boxes[1].become.user: expected one word without spaces, control characters or a \
                leading '-'
                error: %1$s:8:14: boxes[1].groups[0]: "db1" is also a box name, so --limit db1 would be ambiguous
                error: %1$s:10:7: boxes[1].vars.lan: a line break or control character is not allowed here
                """.formatted(inventory));
    }

    /**
     * YAML also breaks lines at U+0085, U+2028 and U+2029: in the walk-through a value "app" U+2028 "  - name: evil"
     * U+2028 "    superuser: true" rendered a spec with a second role, a superuser, that validate accepted.
     */
    @Test
    void aVariableWithAUnicodeLineBreakIsRefused() throws IOException {
        Path inventory = inventory("""
                boxes:
                  - name: db1
                    host: 10.0.0.5
                    vars:
                      app_limit: "3"
                      lan_address: "10.0.0.5\\u2028    superuser: true"
                      next_line: "a\\u0085b"
                      paragraph: "a\\u2029b"
                """);

        AgentRun run = agent("render", "--inventory", inventory.toString(), "--box", "db1", "--spec", spec.toString());

        assertThat(run.exitCode()).as(run.out()).isEqualTo(65);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                error: %1$s:6:7: boxes[0].vars.lan_address: a line break or control character is not allowed here
                error: %1$s:7:7: boxes[0].vars.next_line: a line break or control character is not allowed here
                error: %1$s:8:7: boxes[0].vars.paragraph: a line break or control character is not allowed here
                """.formatted(inventory));
    }

    @Test
    void anInventoryOthersMayReadIsRefused() throws IOException {
        Path inventory = inventory("boxes:\n  - name: db1\n    host: 10.0.0.5\n");
        Files.setPosixFilePermissions(inventory, PosixFilePermissions.fromString("rw-r--r--"));

        AgentRun run = agent("render", "--inventory", inventory.toString(), "--box", "db1", "--spec", spec.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).startsWith("error: " + inventory + ":1:1: refused: " + inventory
                + " is open to group or others (mode 0644); a secret file must be readable and writable by its owner");
    }

    private Path inventory(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("inventory.yaml"), yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
