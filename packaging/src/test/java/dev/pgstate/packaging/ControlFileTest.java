package dev.pgstate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.cli.AgentCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The package's control file says what the agent manages in the words of the agent's own help. */
class ControlFileTest {

    private static final Path CONTROL = Path.of("src/deb/control/control");

    @Test
    void theDescriptionNamesEverythingTheAgentManages() throws IOException {
        String help = String.join(" ", AgentCommand.class.getAnnotation(Command.class).description());
        String managed = help.substring(help.indexOf(": ") + 2, help.lastIndexOf('.'));
        String description = Files.readString(CONTROL).lines().filter(line -> line.startsWith(" "))
                .map(String::strip).reduce((a, b) -> a + " " + b).orElseThrow();

        assertThat(managed).as("the agent's help").isEqualTo(
                "roles, memberships, databases, server settings, pg_hba.conf and TLS material");
        assertThat(description).contains(managed);
    }
}
