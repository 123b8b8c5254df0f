package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.model.load.SpecSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SchemaCommandTest {

    @Test
    void printsTheSchemaTheJarCarries() throws IOException {
        AgentRun run = agent("schema");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        try (InputStream shipped = getClass().getClassLoader().getResourceAsStream(SpecSchema.RESOURCE)) {
            assertThat(shipped).isNotNull();
            assertThat(run.out()).isEqualTo(new String(shipped.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(new ObjectMapper().readTree(run.out()).path("properties").fieldNames())
                .toIterable().containsExactly("connection", "roles", "databases", "server", "hba", "tls", "unmanaged",
                        "lint");
    }
}
