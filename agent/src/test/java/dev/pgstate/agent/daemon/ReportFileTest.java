package dev.pgstate.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last cycle's JSON: the plan's documented shape for the drift, replaced whole each cycle. */
class ReportFileTest {

    @TempDir
    Path stateDir;

    @Test
    void eachCycleReplacesTheFileWhole() throws IOException {
        ReportFile file = new ReportFile(stateDir.resolve("new-dir"));

        file.cycleFinished(CycleReportFixtures.healed(1));
        file.cycleFinished(CycleReportFixtures.failed(2));

        JsonNode json = new ObjectMapper().readTree(file.file().toFile());
        assertThat(json.get("cycle").asLong()).isEqualTo(2);
        assertThat(json.get("succeeded").asBoolean()).isFalse();
        assertThat(json.get("failure").asText()).startsWith("cannot connect");
        assertThat(json.get("drift").isNull()).isTrue();
        try (var entries = Files.list(file.file().getParent())) {
            assertThat(entries).as("no temporary file left behind").containsExactly(file.file());
        }
    }

    @Test
    void theDriftIsThePlanJson() throws IOException {
        ReportFile file = new ReportFile(stateDir);
        file.cycleFinished(CycleReportFixtures.healed(7));

        JsonNode json = new ObjectMapper().readTree(file.file().toFile());
        assertThat(json.get("format_version").asText()).isEqualTo("1");
        assertThat(json.get("mode").asText()).isEqualTo("enforce");
        assertThat(json.get("started_at").asText()).isEqualTo("2026-01-31T12:00:00Z");
        assertThat(json.get("duration_seconds").asDouble()).isEqualTo(0.12);
        assertThat(json.at("/drift/changes/0/attributes/0").toString())
                .isEqualTo("{\"name\":\"createrole\",\"before\":true,\"after\":false,\"sensitive\":false}");
        assertThat(json.get("changed").toString()).isEqualTo("[\"role.admin\"]");
        assertThat(json.get("pending").toString())
                .isEqualTo("{\"changes\":[],\"manual_actions\":0,\"restart\":false}");
        assertThat(json.get("spec_problem").isNull()).isTrue();
    }
}
