package dev.pgstate.agent.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}: text for people, JSON (the documented plan format) for tools. */
final class FormatOption {

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
