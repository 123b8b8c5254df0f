package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;

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
                error: Missing required option: '--spec=FILE'
                Try 'agent apply --help' for more information.
                """));
    }

    @Test
    void noCommandIsAUsageError() {
        AgentRun run = agent();

        assertThat(run).isEqualTo(new AgentRun(64, "", """
                error: missing a command: validate, lint, audit, plan, apply, export, explain, run, issue-client-cert, sign
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
    @ValueSource(strings = {"", "validate", "lint", "audit", "plan", "apply", "export"})
    void everyHelpListsTheExitCodes(String command) {
        AgentRun run = command.isEmpty() ? agent("--help") : agent(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("""
                Exit codes:
                    0   ok: valid spec, no changes, or converged
                """).contains("\n    2   plan: changes are pending\n")
                .contains("\n   64   usage error:").contains("\n   65   invalid spec:");
    }
}
