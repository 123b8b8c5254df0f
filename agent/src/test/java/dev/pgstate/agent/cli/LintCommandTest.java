package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code agent lint}: whole output, exit codes, formats, --strict. */
class LintCommandTest {

    private static final String SPECS = "src/test/resources/specs/";

    @Test
    void errorsAreListedWithWhyAndFixAndExitOne() {
        AgentRun run = agent("lint", "--spec", SPECS + "weak.yaml");

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                error password-encryption: %1$s:2 (server.password_encryption): password_encryption is "md5": new passwords are stored as md5
                    why: password_encryption other than scram-sha-256 stores new passwords as md5 verifiers
                    fix: set server.password_encryption: scram-sha-256
                error hba-host-without-ssl: %1$s:7 (hba.rules[1]): "host all all 0.0.0.0/0 trust" admits connections without SSL from 0.0.0.0/0
                    why: host and hostnossl admit TCP connections without SSL from beyond the box
                    fix: use hostssl for every address other than loopback
                error hba-trust: %1$s:7 (hba.rules[1]): "host all all 0.0.0.0/0 trust" admits TCP connections without a credential
                    why: trust admits anyone who reaches the rule, without any credential
                    fix: use peer on a local rule naming the trusted OS users, scram-sha-256 or cert elsewhere
                silenced hba-broad-address: %1$s:7 (hba.rules[1]): "host all all 0.0.0.0/0 trust" admits clients from 0.0.0.0/0
                    why: the rule admits clients from any address (all, 0.0.0.0/0, ::/0) or from all the box's networks (samenet)
                    fix: name the client networks, or reach the server through an SSH tunnel
                    reason: a lab box behind a firewall
                Lint: 3 errors, 0 warnings, 0 info, 1 silenced.
                """.formatted(SPECS + "weak.yaml"));
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void warningsPassUnlessStrict() {
        assertThat(agent("lint", "--spec", SPECS + "warning-only.yaml").exitCode()).isZero();
        assertThat(agent("lint", "--strict", "--spec", SPECS + "warning-only.yaml").exitCode()).isEqualTo(1);
    }

    @Test
    void aCleanSpecSaysSo() {
        AgentRun run = agent("lint", "--spec", SPECS + "valid.yaml");

        assertThat(run).isEqualTo(new AgentRun(0, "No findings: spec " + SPECS + "valid.yaml follows every rule.\n", ""));
    }

    @Test
    void jsonAndSarifCarryTheSameFindings() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(agent("lint", "--format", "json", "--spec", SPECS + "weak.yaml").out());
        JsonNode sarif = mapper.readTree(agent("lint", "--format", "sarif", "--spec", SPECS + "weak.yaml").out());

        assertThat(json.get("findings")).hasSize(4);
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.at("/runs/0/results")).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(sarif.at("/runs/0/results/" + i + "/ruleId")).isEqualTo(json.at("/findings/" + i + "/rule"));
        }
    }

    @Test
    void anInvalidSpecIsRefusedAsInvalidNotLinted() {
        assertThat(agent("lint", "--spec", SPECS + "invalid.yaml").exitCode()).isEqualTo(65);
    }
}
