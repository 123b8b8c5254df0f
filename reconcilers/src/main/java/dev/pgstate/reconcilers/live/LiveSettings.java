package dev.pgstate.reconcilers.live;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The server's configuration as observed in one cycle: every parameter ({@code pg_settings}, keyed by lower-case
 * name, since names ignore case), the parameter lines on disk ({@code pg_file_settings}), where the config files
 * are, and the IP addresses of the machine the agent runs on (for listen_addresses).
 */
public record LiveSettings(Map<String, ServerSetting> parameters, List<FileSetting> fileLines, ConfigFiles files,
                           List<String> localAddresses) {

    /** Nothing read: the spec manages no parameters. */
    public static final LiveSettings NONE = new LiveSettings(Map.of(), List.of(), ConfigFiles.UNKNOWN, List.of());

    public LiveSettings {
        parameters = Map.copyOf(parameters);
        fileLines = List.copyOf(fileLines);
        localAddresses = List.copyOf(localAddresses);
    }

    static LiveSettings of(List<ServerSetting> rows, List<FileSetting> fileLines, ConfigFiles files,
                           List<String> localAddresses) {
        Map<String, ServerSetting> byName = rows.stream()
                .collect(Collectors.toMap(s -> s.name().toLowerCase(Locale.ROOT), Function.identity()));
        return new LiveSettings(byName, fileLines, files, localAddresses);
    }

    public Optional<ServerSetting> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The line on disk that wins for {@code name}: the last one the server reads. */
    public Optional<FileSetting> winningLine(String name) {
        return fileLines.stream().filter(line -> name.equalsIgnoreCase(line.name()))
                .max(Comparator.comparingInt(FileSetting::seqno));
    }

    /** The lines for {@code name} in {@code file}, in read order. */
    public List<FileSetting> linesIn(Path file, String name) {
        return fileLines.stream()
                .filter(line -> name.equalsIgnoreCase(line.name()) && Path.of(line.sourcefile()).equals(file))
                .toList();
    }

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
}
