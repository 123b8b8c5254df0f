package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code run} refuses before it ever connects. */
class RunCommandTest {

    @Test
    void aStateDirectoryOthersCanWriteIsRefusedWith65(@TempDir Path dir) throws IOException {
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));

        AgentRun run = agent("run", "--once", "--no-metrics", "--spec", "src/test/resources/specs/valid.yaml",
                "--state-directory", state.toString());

        assertThat(run).isEqualTo(new AgentRun(65, "", "error: state directory refused: " + state + " is open to"
                + " others (mode 0777); the agent keeps its state only in a directory of mode 0700 or 0750: chmod 0700 "
                + state.toRealPath() + "\n"));
        assertThat(state).isEmptyDirectory();
    }
}
