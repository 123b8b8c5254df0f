package dev.pgstate.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last cycle's JSON: the plan's documented shape for the drift, replaced whole each cycle. */
class ReportFileTest {

    @TempDir
    Path stateDir;

    @Test
    void eachCycleReplacesTheFileWhole() throws IOException {
        ReportFile file = ReportFile.in(stateDir.resolve("new-dir"));

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
    void aNewStateDirectoryIsPrivate() throws IOException {
        ReportFile file = ReportFile.in(stateDir.resolve("made"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.file().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aStateDirectoryOthersCanWriteIsRefused() throws IOException {
        Path open = Files.createDirectory(stateDir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> ReportFile.in(open)).isInstanceOf(IOException.class).hasMessage(open
                + " is open to others (mode 0777); the agent keeps its state only in a directory of mode 0700 or"
                + " 0750: chmod 0700 " + open.toRealPath());
    }

    @Test
    void aLinkPlantedUnderTheTemporaryNameIsNotFollowed() throws IOException {
        Path victim = Files.writeString(stateDir.getParent().resolve(stateDir.getFileName() + "-victim"), "precious\n");
        try {
            ReportFile file = ReportFile.in(stateDir);
            // the old writer's temporary name and the new one's: whoever could plant a link there
            Files.createSymbolicLink(stateDir.resolve(".last-cycle.json.tmp"), victim);
            Files.createSymbolicLink(stateDir.resolve(".last-cycle.json.pgstate-tmp-" + ProcessHandle.current().pid()),
                    victim);

            file.cycleFinished(CycleReportFixtures.healed(1));

            assertThat(victim).hasContent("precious");
            assertThat(Files.isSymbolicLink(file.file())).isFalse();
            assertThat(new ObjectMapper().readTree(file.file().toFile()).get("cycle").asLong()).isEqualTo(1);
        } finally {
            Files.delete(victim);
        }
    }

    @Test
    void theDriftIsThePlanJson() throws IOException {
        ReportFile file = ReportFile.in(stateDir);
        file.cycleFinished(CycleReportFixtures.healed(7));

        JsonNode json = new ObjectMapper().readTree(file.file().toFile());
        assertThat(json.get("format_version").asText()).isEqualTo("1");
        assertThat(json.get("mode").asText()).isEqualTo("enforce");
        assertThat(json.get("started_at").asText()).isEqualTo("2026-01-31T12:00:00Z");
        assertThat(json.get("duration_seconds").asDouble()).isEqualTo(0.12);
        assertThat(json.at("/drift/changes/0/attributes/0").toString())
                .isEqualTo("{\"name\":\"createrole\",\"before\":true,\"after\":false,\"sensitive\":false}");
        assertThat(json.get("changed").toString()).isEqualTo("[\"role.admin\"]");
        assertThat(json.get("changed_for_spec").toString()).isEqualTo("[\"role.admin\"]");
        assertThat(json.get("pending").toString())
                .isEqualTo("{\"changes\":[],\"manual_actions\":0,\"restart\":false}");
        assertThat(json.get("spec_problem").isNull()).isTrue();
    }
}
