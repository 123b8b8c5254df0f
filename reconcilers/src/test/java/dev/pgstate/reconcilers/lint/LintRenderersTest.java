package dev.pgstate.reconcilers.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgstate.reconcilers.lint.render.LintJsonRenderer;
import dev.pgstate.reconcilers.lint.render.LintTextRenderer;
import dev.pgstate.reconcilers.lint.render.SarifRenderer;
import dev.pgstate.testkit.JsonSchemaCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three outputs of one report: text for people, JSON for tools, SARIF checked against the official schema. */
class LintRenderersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchemaCheck sarifSchema;

    /** A spec finding, a silenced one, and live findings at a file line and at an object. */
    private static final LintReport REPORT = new LintReport(List.of(
            new Finding(Rule.HBA_TRUST, Location.inSpec("specs/box spec.yaml", 12, "hba.rules[1]"),
                    "\"host all all 0.0.0.0/0 trust\" admits TCP connections without a credential"),
            new Finding(Rule.HBA_BROAD_ADDRESS, Location.inSpec("specs/box spec.yaml", 15, "hba.rules[2]"),
                    "\"hostssl all all samenet scram-sha-256\" admits clients from samenet", "the guide admits the LAN"),
            new Finding(Rule.HBA_UNMANAGED_PERMISSIVE, Location.inFile(Path.of("/etc/postgresql/16/main/pg_hba.conf"), 98),
                    "\"host all all 0.0.0.0/0 trust\" outside the agent's block uses trust, weaker than every managed rule"),
            new Finding(Rule.ROLE_UNEXPECTED_SUPERUSER, Location.ofObject("role.rogue"),
                    "role \"rogue\" is a superuser the spec does not allow (allowed: admin)")));

    @BeforeAll
    static void readSchema() throws IOException {
        try (InputStream schema = LintRenderersTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            sarifSchema = new JsonSchemaCheck(JSON.readTree(schema));
        }
    }

    @Test
    void sarifValidatesAgainstTheSarif210Schema() throws IOException {
        JsonNode sarif = JSON.readTree(new SarifRenderer().render(REPORT, "0.1.0"));

        assertThat(sarifSchema.violations(sarif)).isEmpty();
        JsonNode results = sarif.at("/runs/0/results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("file:///etc/postgresql/16/main/pg_hba.conf");
        assertThat(results.get(1).at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("specs/box%20spec.yaml");
        assertThat(results.get(1).at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(12);
        assertThat(results.get(1).at("/locations/0/logicalLocations/0/fullyQualifiedName").asText())
                .isEqualTo("hba.rules[1]");
        assertThat(results.get(2).at("/level").asText()).isEqualTo("error");
        assertThat(results.get(2).at("/locations/0/logicalLocations/0/fullyQualifiedName").asText())
                .isEqualTo("role.rogue");
        assertThat(results.get(3).at("/suppressions/0/justification").asText()).isEqualTo("the guide admits the LAN");
        assertThat(sarif.at("/runs/0/tool/driver/rules")).hasSize(Rule.values().length);
    }

    @Test
    void theSchemaCheckRefusesWhatTheSchemaForbids() throws IOException {
        ObjectNode sarif = (ObjectNode) JSON.readTree(new SarifRenderer().render(REPORT, "0.1.0"));
        ((ObjectNode) sarif.at("/runs/0/results/0")).remove("message");
        ((ObjectNode) sarif.at("/runs/0/results/1")).put("level", "fatal");
        sarif.put("version", "2.0.0");

        assertThat(sarifSchema.violations(sarif)).contains(
                "$.version: \"2.0.0\" is not one of [\"2.1.0\"]",
                "$.runs[0].results[0]: missing required message",
                "$.runs[0].results[1].level: \"fatal\" is not one of [\"none\",\"note\",\"warning\",\"error\"]");
    }

    @Test
    void textListsErrorsFirstWithWhyAndFixThenSilencedWithTheirReason() {
        assertThat(new LintTextRenderer().render(REPORT, "the spec")).isEqualTo("""
                error hba-unmanaged-permissive: /etc/postgresql/16/main/pg_hba.conf:98: "host all all 0.0.0.0/0 trust" outside the agent's block uses trust, weaker than every managed rule
                    why: a line outside the agent's block is more permissive than every rule the spec manages
                    fix: move what it should allow into the spec, or remove the line
                error hba-trust: specs/box spec.yaml:12 (hba.rules[1]): "host all all 0.0.0.0/0 trust" admits TCP connections without a credential
                    why: trust admits anyone who reaches the rule, without any credential
                    fix: use peer on a local rule naming the trusted OS users, scram-sha-256 or cert elsewhere
                error role-unexpected-superuser: role.rogue: role "rogue" is a superuser the spec does not allow (allowed: admin)
                    why: a superuser the spec does not name: the spec names the allowed set
                    fix: add it to the spec with superuser: true, or remove it (unmanaged: {superusers: drift, drop: true})
                silenced hba-broad-address: specs/box spec.yaml:15 (hba.rules[2]): "hostssl all all samenet scram-sha-256" admits clients from samenet
                    why: the rule admits clients from any address (all, 0.0.0.0/0, ::/0) or from all the box's networks (samenet)
                    fix: name the client networks, or reach the server through an SSH tunnel
                    reason: the guide admits the LAN
                Lint: 3 errors, 0 warnings, 0 info, 1 silenced.
                """);
    }

    @Test
    void textSaysSoWhenThereIsNothing() {
        assertThat(new LintTextRenderer().render(new LintReport(List.of()), "spec.yaml"))
                .isEqualTo("No findings: spec.yaml follows every rule.\n");
    }

    @Test
    void jsonCarriesEveryFieldAndTheSummary() throws IOException {
        JsonNode json = JSON.readTree(new LintJsonRenderer().render(REPORT));

        assertThat(json.get("format_version").asText()).isEqualTo("1");
        assertThat(json.get("findings")).hasSize(4);
        JsonNode live = json.get("findings").get(2);
        assertThat(live.get("rule").asText()).isEqualTo("role-unexpected-superuser");
        assertThat(live.at("/location/object").asText()).isEqualTo("role.rogue");
        assertThat(live.at("/location/line").isNull()).isTrue();
        JsonNode silenced = json.get("findings").get(3);
        assertThat(silenced.get("silenced").asBoolean()).isTrue();
        assertThat(silenced.get("reason").asText()).isEqualTo("the guide admits the LAN");
        assertThat(json.get("summary").toString()).isEqualTo("{\"errors\":3,\"warnings\":0,\"infos\":0,\"silenced\":1}");
    }
}
