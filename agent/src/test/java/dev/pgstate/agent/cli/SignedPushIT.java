package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.agent.trust.SignerKeyFiles;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import dev.pgstate.testkit.SshBoxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed specs through a push, to a box (MINA SSHD, a real cluster, the real agent) whose agent configuration accepts
 * only the owner's signature: the push re-signs each box's rendered spec with the owner's key, refuses a spec changed
 * since the owner signed it, and a spec the box refuses never replaces the box's spec.
 */
class SignedPushIT {

    @TempDir
    Path dir;

    private static final String SPEC = """
            roles:
              - name: app_${box.name}
                login: true
            """;
    private static final String ROLES = "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles "
            + "WHERE rolname LIKE 'app%'";

    @Test
    @PgVersion(16)
    void theOwnersSpecIsSignedForTheBoxAndAChangedOneIsRefusedBeforeAnyBoxIsTouched(PgCluster pg) throws Exception {
        SignerKeyFiles owner = SignerKeyFiles.create(dir, "owner");
        Path boxConfig = SignerKeyFiles.agentConfig(Files.createDirectories(dir.resolve("box-etc")), owner);
        Path box = Files.createDirectories(dir.resolve("box"));
        Path spec = Files.writeString(dir.resolve("spec.yaml"), SPEC);
        assertThat(agent("sign", "--key", owner.privateKey().toString(), "--spec", spec.toString()).exitCode()).isZero();
        KeyPair login = SshBoxServer.newKeyPair();
        try (SshBoxServer server = SshBoxServer.start(login.getPublic(), Map.of("PGHOST", "127.0.0.1", "PGPORT",
                String.valueOf(pg.port()), "PGUSER", pg.superuser(), "PGDATABASE", "postgres"))) {
            Path inventory = inventory(server, login, box, boxConfig);
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine());
            List<String> push = new ArrayList<>(List.of("push", "--spec", spec.toString(), "--inventory",
                    inventory.toString(), "--known-hosts", knownHosts.toString(), "--format", "json"));

            AgentRun signed = agent(FleetPushIT.with(push, "--sign-key", owner.privateKey().toString()));

            assertThat(signed.exitCode()).as(signed.err()).isZero();
            assertThat(pg.psql(ROLES)).isEqualTo("app_db1");
            String accepted = Files.readString(box.resolve("spec.yaml"));
            assertThat(accepted).contains("app_db1");
            assertThat(box.resolve("spec.yaml.sig")).as("signed for the box's own bytes").exists();

            Files.writeString(spec, SPEC + "  - name: app_intruder\n    login: true\n    superuser: true\n");

            AgentRun tampered = agent(FleetPushIT.with(push, "--sign-key", owner.privateKey().toString()));

            assertThat(tampered.exitCode()).as(tampered.err()).isEqualTo(65);
            assertThat(tampered.err()).startsWith("error: " + spec + ":1:1: refused: " + spec + " does not match its "
                    + "signature " + spec + ".sig");
            assertThat(tampered.out()).as("nothing pushed anywhere").isEmpty();

            AgentRun checkedHere = agent(FleetPushIT.with(push, "--config", SignerKeyFiles.agentConfig(dir, owner).toString()));

            assertThat(checkedHere.exitCode()).as("this machine's trust.spec_signers refuse it too").isEqualTo(65);
            assertThat(checkedHere.err()).contains("refused: " + spec + " does not match its signature");

            AgentRun unsigned = agent(push.toArray(String[]::new));

            assertThat(unsigned.exitCode()).as(unsigned.err()).isEqualTo(1);
            JsonNode result = new ObjectMapper().readTree(unsigned.out()).path("boxes").get(0);
            assertThat(result.path("status").asText()).isEqualTo("failed");
            assertThat(result.path("error").asText()).startsWith("plan on the box failed (exit 65): ")
                    .contains("refused: it is not signed").endsWith("; the box's spec was left as it was");
            assertThat(Files.readString(box.resolve("spec.yaml"))).as("the box keeps the spec it accepts")
                    .isEqualTo(accepted);
            try (var entries = Files.list(box)) {
                assertThat(entries.map(path -> path.getFileName().toString()))
                        .containsExactlyInAnyOrder("spec.yaml", "spec.yaml.sig");
            }
            assertThat(pg.psql(ROLES)).isEqualTo("app_db1");
        }
    }

    /** One box whose agent reads {@code boxConfig} as its agent configuration, as /etc/pgstate/agent.yaml. */
    private Path inventory(SshBoxServer server, KeyPair login, Path box, Path boxConfig) throws Exception {
        Path identity = SshBoxServer.writeIdentity(dir.resolve("id_test"), login);
        String java = FleetPushIT.agentCommand();
        Path agent = Files.writeString(dir.resolve("box-agent"), """
                #!/bin/sh
                case "$1" in
                  --version) exec %1$s --version ;;
                  *) exec %1$s "$@" --config %2$s ;;
                esac
                """.formatted(java.substring(1, java.length() - 1), boxConfig)); // without the YAML quotes
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwx------"));
        return OneBoxInventory.write(dir.resolve("inventory.yaml"), server.port(), identity, agent.toString(),
                box.resolve("spec.yaml"), "");
    }
}
