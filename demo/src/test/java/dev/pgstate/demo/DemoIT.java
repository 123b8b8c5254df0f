package dev.pgstate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo as a user runs it from the repository root: all seven steps, each with the exit code it announces. */
class DemoIT {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void walksThroughPlanApplyDriftAndHealing() {
        int exit = demo("demo", "--spec", "../config-examples/identity-box.yaml");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("=== Step 1 of 7: plan against the fresh server")
                .contains("Apply complete! 3 added, 1 changed, 0 destroyed.")
                .contains("$ psql -c 'ALTER ROLE admin CREATEROLE'")
                .contains("~ createrole = true -> false")
                .contains("Apply complete! 0 added, 1 changed, 0 destroyed.")
                .endsWith("No changes. The server matches the spec.\n\n"
                        + "Plan: 0 to add, 0 to change, 0 to destroy; 0 unmanaged, 0 need manual action.\n[exit 0]\n\n"
                        + "Demo complete; stopping and deleting the throwaway server.\n");
    }

    @Test
    void missingSpecIsAUsageErrorNamingTheWayOut() {
        int exit = demo("demo", "--spec", "no-such.yaml");

        assertThat(exit).isEqualTo(64);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("error: spec file ").endsWith("no-such.yaml not found; run the demo "
                + "from the repository root or pass --spec FILE\n");
    }

    private int demo(String... args) {
        CommandLine commandLine = Main.commandLine(Map.of(), new DemoCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
