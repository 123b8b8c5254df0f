package dev.pgstate.reconcilers.lint.render;

import dev.pgstate.reconcilers.lint.Finding;
import dev.pgstate.reconcilers.lint.LintReport;
import dev.pgstate.reconcilers.lint.Severity;

/**
 * One block per finding, errors first: severity, rule id and place on the first line with what was found, then why
 * and the fix; silenced findings last with their reason; a summary line, and words when there is nothing to say.
 */
public final class LintTextRenderer {

    public String render(LintReport report, String subject) {
        StringBuilder out = new StringBuilder();
        report.active().forEach(finding -> block(finding, finding.severity().word(), out));
        report.findings().stream().filter(Finding::silenced).forEach(finding -> {
            block(finding, "silenced", out);
            out.append("    reason: ").append(finding.silencedBecause()).append('\n');
        });
        if (report.findings().isEmpty()) {
            out.append("No findings: ").append(subject).append(" follows every rule.\n");
            return out.toString();
        }
        out.append(String.format("Lint: %d error%s, %d warning%s, %d info, %d silenced.%n",
                report.count(Severity.ERROR), plural(report.count(Severity.ERROR)),
                report.count(Severity.WARNING), plural(report.count(Severity.WARNING)),
                report.count(Severity.INFO), report.silencedCount()));
        return out.toString();
    }

    /** Only the error-level findings, as plan shows them above its changes; empty when there are none. */
    public String renderErrors(LintReport report) {
        StringBuilder out = new StringBuilder();
        report.active(Severity.ERROR).forEach(finding -> block(finding, "error", out));
        return out.toString();
    }

    private static void block(Finding finding, String label, StringBuilder out) {
        out.append(label).append(' ').append(finding.rule().id()).append(": ")
                .append(finding.location().describe()).append(": ").append(finding.message()).append('\n')
                .append("    why: ").append(finding.rule().why()).append('\n')
                .append("    fix: ").append(finding.rule().fix()).append('\n');
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }
}
