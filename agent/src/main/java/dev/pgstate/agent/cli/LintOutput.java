package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.lint.LintReport;
import dev.pgstate.reconcilers.lint.render.LintJsonRenderer;
import dev.pgstate.reconcilers.lint.render.LintTextRenderer;
import dev.pgstate.reconcilers.lint.render.SarifRenderer;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** What lint and audit share: {@code --format text|json|sarif}, {@code --strict}, and the exit code of a report. */
final class LintOutput {

    enum Format { text, json, sarif }

    @Option(names = "--format", paramLabel = "text|json|sarif", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); sarif is SARIF 2.1.0.")
    Format format;

    @Option(names = "--strict", description = "Exit 1 on warnings too, not only on errors.")
    boolean strict;

    /** Prints the report and returns the exit code: 1 when it has errors (or warnings with --strict). */
    int print(LintReport report, String subject, PrintWriter out) {
        out.print(switch (format) {
            case text -> new LintTextRenderer().render(report, subject);
            case json -> new LintJsonRenderer().render(report);
            case sarif -> new SarifRenderer().render(report, AgentCommand.Version.number());
        });
        return (report.fails(strict) ? ExitCode.RUNTIME_ERROR : ExitCode.OK).code();
    }
}
