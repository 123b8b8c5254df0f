package dev.pgstate.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line a run builds: only the verb it names, or all of them when it names none. */
class MainVerbsTest {

    @Test
    void aRunThatStartsWithAVerbGetsThatVerbAlone() {
        assertThat(Main.verbsFor(new String[] {"plan", "--spec", "spec.yaml"})).containsExactly(PlanCommand.class);
        assertThat(Main.verbsFor(new String[] {"issue-client-cert"})).containsExactly(IssueClientCertCommand.class);
    }

    @Test
    void helpVersionsMistakesAndNothingGetEveryVerb() {
        for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"paln"}, {"--spec", "plan"}}) {
            assertThat(Main.verbsFor(args)).as(String.join(" ", args)).isEqualTo(AgentCommand.VERBS);
        }
    }

    @Test
    void everyVerbHasItsOwnNameOnTheFullCommandLine() {
        CommandLine full = Main.commandLine(Map.of());

        assertThat(full.getSubcommands().keySet()).containsExactlyElementsOf(AgentCommand.VERBS.stream()
                .map(verb -> verb.getAnnotation(CommandLine.Command.class).name()).toList());
    }
}
