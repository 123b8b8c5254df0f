package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.lint.LintReport;
import dev.pgstate.reconcilers.lint.render.LintTextRenderer;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The spec's error-level lint findings on the server it is planned or applied against, shown above the plan or
 * the apply report; with JSON output on stderr, so stdout stays one JSON document.
 */
final class SpecLintErrors {

    private SpecLintErrors() {
    }

    static void show(LintReport report, boolean json, CommandLine commandLine) {
        String errors = new LintTextRenderer().renderErrors(report);
        if (!errors.isEmpty()) {
            PrintWriter out = json ? commandLine.getErr() : commandLine.getOut();
            out.print("The spec breaks security rules (agent lint shows every finding; lint.ignore silences one "
                    + "with a reason):\n" + errors + "\n");
        }
    }
}
