package dev.pgstate.reconcilers.core.live;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the server's config files are: {@code config_file}, {@code data_directory} and the {@code include_dir}
 * directories named in the main file (empty when the agent cannot read it, e.g. on another machine), with why the
 * agent may not write a file of its own for the server ({@code writeProblems}, by the file it would write: the
 * drop-in in each include_dir, postgresql.conf for its block; read with the files, so that planning stays a function
 * of what was read).
 */
public record ConfigFiles(Path configFile, Path dataDirectory, List<Path> includeDirs, boolean readable,
                          Map<Path, String> writeProblems) {

    public static final ConfigFiles UNKNOWN = new ConfigFiles(null, null, List.of(), false);

    public ConfigFiles {
        includeDirs = List.copyOf(includeDirs);
        writeProblems = Map.copyOf(writeProblems);
    }

    /** Files the agent may write its own into. */
    public ConfigFiles(Path configFile, Path dataDirectory, List<Path> includeDirs, boolean readable) {
        this(configFile, dataDirectory, includeDirs, readable, Map.of());
    }

    /** Where ALTER SYSTEM writes. */
    public Path autoConf() {
        return dataDirectory.resolve("postgresql.auto.conf");
    }
}
