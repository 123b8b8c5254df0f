package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.daemon.ReportFile;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent run --once}: one cycle with its report file, the measure of an idle cycle; and its usage errors. */
class RunCommandIT {

    @TempDir
    Path stateDir;

    @Test
    @PgVersion(16)
    void onceRunsOneCycleAndWritesItsReport(PgCluster pg) throws Exception {
        AgentRun first = agentOn(pg, "run", "--once", "--spec", IdentityBoxIT.SPEC, "--state-dir", stateDir.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("enforce cycle 1 ok: 4 drifted, 4 changed, 0 pending\n");
        assertThat(first.err()).contains("warning: --state-dir is deprecated; use --state-directory");

        AgentRun idle = agentOn(pg, "run", "--once", "--mode", "report", "--spec", IdentityBoxIT.SPEC,
                "--state-directory", stateDir.toString());
        assertThat(idle.exitCode()).as(idle.err()).isZero();
        assertThat(idle.out()).isEqualTo("report cycle 1 ok: 0 drifted, 0 changed, 0 pending\n");
        assertThat(Files.readString(stateDir.resolve(ReportFile.NAME))).contains("\"mode\" : \"report\"");
    }

    @Test
    void usageErrorsAreExit64AndAnInvalidSpecAtStartIs65() {
        assertThat(agent("run", "--spec", IdentityBoxIT.SPEC, "--interval", "0s").exitCode()).isEqualTo(64);
        assertThat(agent("run", "--spec", IdentityBoxIT.SPEC, "--interval", "soon").err())
                .contains("'soon' is not a duration such as 500ms, 30s, 5m or 1h");
        assertThat(agent("run", "--spec", IdentityBoxIT.SPEC, "--metrics", "localhost").err())
                .contains("'localhost' is not HOST:PORT");
        assertThat(agent("run", "--spec", IdentityBoxIT.SPEC, "--mode", "fix").exitCode()).isEqualTo(64);
        assertThat(agent("run", "--spec", IdentityBoxIT.SPEC, "--once", "--state-dir", "/tmp/a", "--state-directory",
                "/tmp/b")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(64);
            assertThat(run.err()).contains("--state-dir is the old name of --state-directory: give one");
        });
        assertThat(agent("run", "--spec", "src/test/resources/specs/invalid.yaml", "--once").exitCode()).isEqualTo(65);
    }
}
