package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Command-line mistakes exit 64, never 2, so scripts cannot mistake them for "changes pending". */
class UsageTest {

    @Test
    void unknownOptionIsAUsageError() {
        AgentRun run = agent("plan", "--spec", "x.yaml", "--bogus");

        assertThat(run).isEqualTo(new AgentRun(64, "", """
                error: Unknown option: '--bogus'
                Try 'agent plan --help' for more information.
                """));
    }

    @Test
    void missingSpecIsAUsageError() {
        AgentRun run = agent("apply");

        assertThat(run).isEqualTo(new AgentRun(64, "", """
                error: Missing required argument (specify one of these): (--spec=FILE | PLANFILE)
                Try 'agent apply --help' for more information.
                """));
    }

    @Test
    void noCommandIsAUsageError() {
        AgentRun run = agent();

        assertThat(run).isEqualTo(new AgentRun(64, "", """
                error: missing a command: validate, lint, audit, plan, apply, export, explain, run, issue-client-cert, \
                revoke-client-cert, schema, render, push, \
                sign
                Try 'agent --help' for more information.
                """));
    }

    @Test
    void unknownFormatIsAUsageError() {
        AgentRun run = agent("plan", "--spec", "x.yaml", "--format", "xml");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).startsWith("error: Invalid value for option '--format': expected one of [text, json]");
    }

    @Test
    void malformedPortFromTheEnvironmentIsAUsageError() {
        AgentRun run = agent(java.util.Map.of("PGPORT", "abc"), "export");

        assertThat(run).isEqualTo(new AgentRun(64, "",
                "error: PGPORT must be a port number (1-65535), got \"abc\"\n"));
    }

    @Test
    void unreachableServerIsARuntimeErrorOfOneLine() {
        AgentRun run = agent("export", "--host", "127.0.0.1", "--port", "1", "--user", "postgres");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: cannot connect to PostgreSQL at 127.0.0.1:1 as postgres: ")
                .hasLineCount(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "validate", "lint", "audit", "plan", "apply", "export", "explain", "run",
            "issue-client-cert", "revoke-client-cert", "schema", "render", "push", "sign"})
    void everyHelpListsItsExitCodesOnceInOneColumn(String command) {
        AgentRun run = command.isEmpty() ? agent("--help") : agent(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).as("no warning of picocli's about the help text").isEmpty();
        assertThat(run.out()).doesNotContain("%n", "%%");
        assertThat(run.out().split("Exit codes:", -1)).as("one exit-code block").hasSize(2);
        List<String> block = run.out().substring(run.out().indexOf("Exit codes:\n") + 12).lines().toList();
        List<String> codes = block.stream().filter(line -> line.matches(" {2,4}\\d{1,2} {3}\\S.*"))
                .map(line -> line.strip().split(" ")[0]).toList();
        assertThat(codes).as("codes listed").isEqualTo(switch (command) {
            case "" -> List.of("0", "1", "2", "3", "4", "64", "65");
            case "plan" -> List.of("0", "1", "2", "4", "64", "65");
            case "apply" -> List.of("0", "1", "4", "64", "65");
            case "push" -> List.of("0", "1", "2", "64", "65");
            case "explain" -> List.of("0", "1", "3", "64", "65");
            case "export" -> List.of("0", "1", "64");
            case "schema" -> List.of("0", "64");
            default -> List.of("0", "1", "64", "65");
        });
        assertThat(block).as("every continuation line wrapped into the meaning's column, none out of it")
                .allMatch(line -> line.matches(" {2,4}\\d{1,2} {3}\\S.*") || line.matches(" {10}\\S.*"));
        assertThat(run.out()).contains("\n    0   ok: valid spec, no changes, or converged\n");
    }
}
