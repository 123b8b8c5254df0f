package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.failure.SqlState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * The server's view of a config file the agent wrote found problems; the file is already back as it was and the
 * configuration was not reloaded. An SQLException with SQLSTATE F0000 (config_file_error), so the applier reports
 * it like any failed statement.
 */
public final class ConfigFileRejectedException extends SQLException {

    private final transient List<String> problems;

    public ConfigFileRejectedException(Path file, List<String> problems) {
        super("the server rejects the new " + file + ", so it was restored and not reloaded: "
                + String.join("; ", problems), SqlState.CONFIG_FILE_ERROR.code());
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
