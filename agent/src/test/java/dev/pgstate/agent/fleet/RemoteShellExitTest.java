package dev.pgstate.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The line of a failed command that goes into a box's report: the command's own word, not what sshd said first. */
class RemoteShellExitTest {

    @Test
    void sshdsNoteAboutAMissingHomeDirectoryDoesNotHideTheCommandsError() {
        RemoteShell.Exit killed = new RemoteShell.Exit(1, "", """
                Could not chdir to home directory /home/deploy: No such file or directory
                sh: 1: kill: Operation not permitted
                """);

        assertThat(killed.firstLine()).isEqualTo("sh: 1: kill: Operation not permitted");
    }

    @Test
    void stdoutWhenStderrHasNothingElseAndAPlaceholderWhenNothingWasPrinted() {
        assertThat(new RemoteShell.Exit(3, "  unexpected answer\nmore\n",
                "Could not chdir to home directory /home/deploy: No such file or directory\n").firstLine())
                .isEqualTo("unexpected answer");
        assertThat(new RemoteShell.Exit(1, "", "\n").firstLine()).isEqualTo("(no output)");
    }
}
