package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.SshBoxServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in to a box, before its agent is asked anything: host keys, encrypted identity files, a box without the
 * agent. One MINA SSHD server, no PostgreSQL: the steps that need one are in {@link FleetPushIT}.
 */
class PushLoginTest {

    private static final String SPEC = "roles:\n  - name: app_${box.name}\n    login: true\n";

    @TempDir
    Path dir;

    private final KeyPair login = SshBoxServer.newKeyPair();
    private SshBoxServer server;
    private Path knownHosts;
    private Path spec;

    @BeforeEach
    void box() throws IOException {
        server = SshBoxServer.start(login.getPublic(), Map.of());
        knownHosts = dir.resolve("known_hosts");
        spec = Files.writeString(dir.resolve("spec.yaml"), SPEC);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void anUnknownHostKeyFailsTheBoxUnlessAcceptNewWhichRecordsIt() throws Exception {
        Path inventory = inventory(identity(""), "/no/such/pgstate");

        AgentRun unknown = push(inventory);

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("db1: failed: the host key of postgres@127.0.0.1:" + server.port()
                + " is not in " + knownHosts + "; not connecting to an unknown host (check its fingerprint and add it, "
                + "or push with --accept-new)");
        assertThat(knownHosts).doesNotExist();

        AgentRun accepted = push(inventory, "--accept-new");

        assertThat(accepted.err()).as("logged in, then found no agent")
                .contains("db1: failed: no pgstate agent on the box: /no/such/pgstate was not found (")
                .contains("install the agent there, or set the box's agent_command");
        assertThat(Files.readString(knownHosts)).isEqualTo(server.knownHostsLine());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts))).isEqualTo("rw-------");

        AgentRun known = push(inventory);

        assertThat(known.err()).contains("db1: failed: no pgstate agent on the box");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .as("the uploaded spec is removed, and none is put in place").noneMatch(name -> name.contains(
                            "box-spec.yaml"));
        }
    }

    @Test
    void anEncryptedIdentityFileNeedsItsPassphrase() throws Exception {
        Files.writeString(knownHosts, server.knownHostsLine());
        Path inventory = inventory(identity("correct horse"), "echo nonsense");

        AgentRun without = push(inventory);

        assertThat(without.err()).contains("db1: failed: identity file " + dir.resolve("id_test")
                + " is encrypted and no passphrase was given (--passphrase-env)");

        AgentRun with = agent(Map.of("KEY_PASSPHRASE", "correct horse"), "push", "--spec", spec.toString(),
                "--inventory", inventory.toString(), "--known-hosts", knownHosts.toString(), "--passphrase-env",
                "KEY_PASSPHRASE");

        assertThat(with.exitCode()).isEqualTo(1);
        assertThat(with.err()).contains("db1: failed: \"echo nonsense --version\" did not answer as a pgstate agent "
                + "(exit 0): nonsense --version");
        assertThat(with.out()).doesNotContain("correct horse");
    }

    @Test
    void anIdentityFileOthersMayReadStopsThePushBeforeAnyConnection() throws Exception {
        Path inventory = inventory(identity(""), "pgstate");
        Files.setPosixFilePermissions(dir.resolve("id_test"), PosixFilePermissions.fromString("rw-r--r--"));

        AgentRun run = push(inventory, "--accept-new");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: box db1: identity_file: " + dir.resolve("id_test")
                + " is open to group or others (mode 0644)");
        assertThat(knownHosts).as("no connection was made").doesNotExist();
    }

    private AgentRun push(Path inventory, String... options) {
        String[] args = {"push", "--spec", spec.toString(), "--inventory", inventory.toString(), "--known-hosts",
                knownHosts.toString(), "--retries", "0"};
        String[] all = java.util.Arrays.copyOf(args, args.length + options.length);
        System.arraycopy(options, 0, all, args.length, options.length);
        return agent(all);
    }

    private Path identity(String passphrase) throws Exception {
        Path file = dir.resolve("id_test");
        OpenSSHKeyEncryptionContext encryption = null;
        if (!passphrase.isEmpty()) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherMode("CTR");
            encryption.setCipherType("256");
            encryption.setPassword(passphrase);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(login, "test", encryption, out);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path inventory(Path identity, String agentCommand) {
        return OneBoxInventory.write(dir.resolve("inventory.yaml"), server.port(), identity, agentCommand,
                dir.resolve("box-spec.yaml"), "");
    }
}
