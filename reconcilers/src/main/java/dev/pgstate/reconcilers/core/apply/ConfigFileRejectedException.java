package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.failure.SqlState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * The server's view of a config file the agent wrote found problems; the file is already back as it was (or, when
 * the problems were there before, never written) and the configuration was not reloaded. An SQLException with SQLSTATE F0000 (config_file_error), so the applier reports
 * it like any failed statement.
 */
public final class ConfigFileRejectedException extends SQLException {

    private final transient List<String> problems;

    public ConfigFileRejectedException(Path file, List<String> problems) {
        this("the server rejects the new " + file + ", so it was restored and not reloaded: ", problems);
    }

    private ConfigFileRejectedException(String why, List<String> problems) {
        super(why + String.join("; ", problems), SqlState.CONFIG_FILE_ERROR.code());
        this.problems = List.copyOf(problems);
    }

    /**
     * The server already rejected lines of the config files (each named with its file and line) before the agent
     * wrote {@code file}, which it then did not write: the agent's change would not be the cause, and a reload would
     * meet those lines too.
     */
    public static ConfigFileRejectedException alreadyThere(Path file, List<String> problems) {
        return new ConfigFileRejectedException("the config files already hold lines the server rejects, so " + file
                + " was not written and nothing was reloaded (fix them first): ", problems);
    }

    public List<String> problems() {
        return problems;
    }
}
