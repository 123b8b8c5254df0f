package dev.pgstate.reconcilers.lint;

/** How bad a finding is: errors fail {@code lint} and {@code audit}, warnings only with {@code --strict}. */
public enum Severity {
    ERROR("error"),
    WARNING("warning"),
    INFO("note");

    private final String sarifLevel;

    Severity(String sarifLevel) {
        this.sarifLevel = sarifLevel;
    }

    /** The word text and JSON output use. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** SARIF's {@code level}: error, warning or note. */
    public String sarifLevel() {
        return sarifLevel;
    }
}
