package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.live.ConfigFiles;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The server's configuration as observed in one cycle: every parameter ({@code pg_settings}, keyed by lower-case
 * name, since names ignore case) with the server's value, the parameter lines on disk ({@code pg_file_settings}), the
 * roles' and databases' own settings ({@code pg_db_role_setting}), where the config files are, and the IP addresses
 * of the machine the agent runs on (for listen_addresses). {@code serverForms} holds, per lower-case parameter name,
 * texts the spec or the files give for it and what the server made of each when asked (see
 * {@link SettingsReader}): {@code utc} is stored as {@code UTC}, {@code UTF-8} as {@code UTF8}.
 */
public record LiveSettings(Map<String, ServerSetting> parameters, List<FileSetting> fileLines,
                           List<RoleDatabaseSetting> overrides, ConfigFiles files, List<String> localAddresses,
                           Map<String, Map<String, String>> serverForms) {

    /** Nothing read: the spec manages no parameters. */
    public static final LiveSettings NONE =
            new LiveSettings(Map.of(), List.of(), List.of(), ConfigFiles.UNKNOWN, List.of(), Map.of());

    /**
     * What pg_settings shows for archive_command while archive_mode is off, instead of the value (11–18): the
     * value is then that of the config files, as for a session's own.
     */
    private static final String DISABLED = "(disabled)";

    /**
     * pg_settings sources that belong to one session, not to the server: pg_db_role_setting (every role, a database, a
     * role, both), what the client sent at connection start (pgjdbc sends application_name, DateStyle, TimeZone,
     * extra_float_digits, client_encoding) and SET. The server itself never uses such a value.
     */
    private static final Set<String> SESSION_SOURCES =
            Set.of("global", "database", "user", "database user", "client", "session", "interactive", "test");

    public LiveSettings {
        parameters = Map.copyOf(parameters);
        fileLines = List.copyOf(fileLines);
        overrides = List.copyOf(overrides);
        localAddresses = List.copyOf(localAddresses);
        serverForms = Map.copyOf(serverForms);
    }

    public LiveSettings(Map<String, ServerSetting> parameters, List<FileSetting> fileLines,
                        List<RoleDatabaseSetting> overrides, ConfigFiles files, List<String> localAddresses) {
        this(parameters, fileLines, overrides, files, localAddresses, Map.of());
    }

    /**
     * Rows as the agent's session reads them become the server's values: where a session source hides it, the value
     * is the last line for the parameter in the config files, or else the compiled-in default; what a new session
     * of a role and database without settings of their own starts with. A {@code -c} on the server's command line
     * hidden that way cannot be seen from SQL, and is taken for the file's or default value.
     */
    static LiveSettings of(List<ServerSetting> rows, List<FileSetting> fileLines, List<RoleDatabaseSetting> overrides,
                           ConfigFiles files, List<String> localAddresses) {
        LiveSettings read = new LiveSettings(Map.of(), fileLines, overrides, files, localAddresses, Map.of());
        Map<String, ServerSetting> byName = rows.stream().map(read::serverValue)
                .collect(Collectors.toMap(s -> s.name().toLowerCase(Locale.ROOT), Function.identity()));
        return new LiveSettings(byName, fileLines, overrides, files, localAddresses, Map.of());
    }

    /** These settings with what the server made of the texts it was asked about. */
    LiveSettings withServerForms(Map<String, Map<String, String>> forms) {
        return new LiveSettings(parameters, fileLines, overrides, files, localAddresses, forms);
    }

    /** Text → the server's own spelling of it, for the texts asked about for {@code name}. */
    public Map<String, String> serverForms(String name) {
        return serverForms.getOrDefault(name.toLowerCase(Locale.ROOT), Map.of());
    }

    private ServerSetting serverValue(ServerSetting row) {
        boolean disabled = row.name().equalsIgnoreCase("archive_command") && DISABLED.equals(row.setting());
        if (!SESSION_SOURCES.contains(row.source()) && !disabled) {
            return row;
        }
        return winningLine(row.name()).filter(line -> line.error() == null)
                .map(line -> row.withServerValue(line.setting(), ServerSetting.FROM_A_FILE, line.sourcefile(),
                        line.sourceline()))
                .orElseGet(() -> row.withServerValue(row.bootVal(), "default", null, null));
    }

    /** The roles' and databases' own values of {@code name}, which their sessions get instead of the server's. */
    public List<RoleDatabaseSetting> overridesOf(String name) {
        return overrides.stream().filter(o -> name.equalsIgnoreCase(o.name())).toList();
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

}
