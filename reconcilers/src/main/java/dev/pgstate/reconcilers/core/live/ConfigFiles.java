package dev.pgstate.reconcilers.core.live;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the server's config files are: {@code config_file}, {@code data_directory} and the {@code include_dir}
 * directories named in the main file (empty when the agent cannot read it, e.g. on another machine), with why the
 * agent may not write its own file into an include_dir ({@code includeDirProblems}, by directory; read with the
 * files, so that planning stays a function of what was read).
 */
public record ConfigFiles(Path configFile, Path dataDirectory, List<Path> includeDirs, boolean readable,
                          Map<Path, String> includeDirProblems) {

    public static final ConfigFiles UNKNOWN = new ConfigFiles(null, null, List.of(), false);

    public ConfigFiles {
        includeDirs = List.copyOf(includeDirs);
        includeDirProblems = Map.copyOf(includeDirProblems);
    }

    /** Files whose include_dirs the agent may write in. */
    public ConfigFiles(Path configFile, Path dataDirectory, List<Path> includeDirs, boolean readable) {
        this(configFile, dataDirectory, includeDirs, readable, Map.of());
    }

    /** Where ALTER SYSTEM writes. */
    public Path autoConf() {
        return dataDirectory.resolve("postgresql.auto.conf");
    }
}
