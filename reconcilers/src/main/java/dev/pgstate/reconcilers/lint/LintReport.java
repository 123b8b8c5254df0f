package dev.pgstate.reconcilers.lint;

import java.util.Comparator;
import java.util.List;

/**
 * Every finding of one lint or audit run, errors first and then by file and line (live objects after files),
 * silenced ones included (marked) so they stay visible.
 */
public record LintReport(List<Finding> findings) {

    public LintReport {
        findings = findings.stream()
                .sorted(Comparator.comparing(Finding::severity)
                        .thenComparing(f -> f.location().file(), Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparingInt(f -> f.location().line())
                        .thenComparing(f -> f.location().object(), Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(f -> f.rule().id()))
                .toList();
    }

    /** The findings not silenced. */
    public List<Finding> active() {
        return findings.stream().filter(f -> !f.silenced()).toList();
    }

    public long count(Severity severity) {
        return active().stream().filter(f -> f.severity() == severity).count();
    }

    public long silencedCount() {
        return findings.stream().filter(Finding::silenced).count();
    }

    /** Errors always fail; warnings fail with {@code strict}. */
    public boolean fails(boolean strict) {
        return count(Severity.ERROR) > 0 || (strict && count(Severity.WARNING) > 0);
    }

    /** The active findings of {@code severity}, as {@code plan} shows its errors. */
    public List<Finding> active(Severity severity) {
        return active().stream().filter(f -> f.severity() == severity).toList();
    }
}
