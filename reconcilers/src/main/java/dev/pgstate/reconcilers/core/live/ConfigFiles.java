package dev.pgstate.reconcilers.core.live;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the server's config files are: {@code config_file}, {@code data_directory} and the {@code include_dir}
 * directories named in the main file (empty when the agent cannot read it, e.g. on another machine).
 */
public record ConfigFiles(Path configFile, Path dataDirectory, List<Path> includeDirs, boolean readable) {

    public static final ConfigFiles UNKNOWN = new ConfigFiles(null, null, List.of(), false);

    public ConfigFiles {
        includeDirs = List.copyOf(includeDirs);
    }

    /** Where ALTER SYSTEM writes. */
    public Path autoConf() {
        return dataDirectory.resolve("postgresql.auto.conf");
    }
}
