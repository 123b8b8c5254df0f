package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import dev.pgstate.reconcilers.core.live.CatalogQuery;
import dev.pgstate.reconcilers.core.live.ConfigFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the server's configuration: {@code pg_settings} in one query, {@code pg_file_settings} in another,
 * {@code pg_db_role_setting} in a third (all with the same columns on 11–18), and the main config file's
 * {@code include_dir} lines. pg_file_settings needs a superuser (or pg_read_all_settings), as does seeing
 * config_file and data_directory.
 */
public final class SettingsReader {

    static final String SETTINGS_SQL = """
            SELECT name, setting, unit, vartype, context, source, sourcefile, sourceline, pending_restart,
                   enumvals, min_val, max_val, boot_val
            FROM pg_catalog.pg_settings
            ORDER BY name""";

    static final String FILE_SETTINGS_SQL = """
            SELECT sourcefile, sourceline, seqno, name, setting, applied, error
            FROM pg_catalog.pg_file_settings
            ORDER BY seqno""";

    /** Every role's and database's own settings; oid 0 (every role, every database) joins to null. */
    static final String ROLE_DATABASE_SETTINGS_SQL = """
            SELECT r.rolname::text AS role, d.datname::text AS database, s.setconfig
            FROM pg_catalog.pg_db_role_setting s
            LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
            LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
            ORDER BY 1 NULLS FIRST, 2 NULLS FIRST""";

    /** {@code include_dir 'conf.d'} or {@code include_dir = 'conf.d'}, the form postgresql.conf's grammar takes. */
    private static final Pattern INCLUDE_DIR =
            Pattern.compile("^\\s*include_dir\\s*=?\\s*'((?:[^'\\\\]|''|\\\\.)*)'", Pattern.MULTILINE);

    private SettingsReader() {
    }

    /** As {@link #read(Connection)}, with the server's own forms of the {@code desired} values (name → values). */
    public static LiveSettings read(Connection connection, Map<String, Set<String>> desired) throws SQLException {
        LiveSettings settings = read(connection);
        return settings.withServerForms(ServerForms.ask(connection, settings, desired));
    }

    public static LiveSettings read(Connection connection) throws SQLException {
        List<ServerSetting> parameters = CatalogQuery.list(connection, SETTINGS_SQL, SettingsReader::parameter);
        List<FileSetting> rows = CatalogQuery.list(connection, FILE_SETTINGS_SQL, rs -> new FileSetting(
                rs.getString("sourcefile"), rs.getInt("sourceline"), rs.getInt("seqno"), rs.getString("name"),
                rs.getString("setting"), rs.getBoolean("applied"), rs.getString("error")));
        List<RoleDatabaseSetting> overrides = objectSettings(connection);
        Map<String, String> byName = parameters.stream().filter(p -> p.setting() != null)
                .collect(Collectors.toMap(ServerSetting::name, ServerSetting::setting));
        List<FileSetting> lines = markAgentBlock(rows, byName.get("config_file"));
        return LiveSettings.of(parameters, lines, overrides,
                files(byName.get("config_file"), byName.get("data_directory")), localAddresses());
    }

    /** Every row of pg_db_role_setting, one query; readable by any role, unlike pg_file_settings. */
    public static List<RoleDatabaseSetting> objectSettings(Connection connection) throws SQLException {
        return CatalogQuery.list(connection, ROLE_DATABASE_SETTINGS_SQL, SettingsReader::roleDatabaseSettings).stream()
                .flatMap(List::stream).toList();
    }

    private static ServerSetting parameter(ResultSet rs) throws SQLException {
        int line = rs.getInt("sourceline");
        Integer sourceline = rs.wasNull() ? null : line;
        return new ServerSetting(rs.getString("name"), rs.getString("setting"), rs.getString("unit"),
                rs.getString("vartype"), rs.getString("context"), rs.getString("source"), rs.getString("sourcefile"),
                sourceline, rs.getBoolean("pending_restart"), strings(rs.getArray("enumvals")),
                rs.getString("min_val"), rs.getString("max_val"), rs.getString("boot_val"));
    }

    private static List<RoleDatabaseSetting> roleDatabaseSettings(ResultSet rs) throws SQLException {
        String role = rs.getString("role");
        String database = rs.getString("database");
        List<RoleDatabaseSetting> settings = new ArrayList<>();
        for (String entry : strings(rs.getArray("setconfig"))) {
            settings.add(RoleDatabaseSetting.parse(role, database, entry));
        }
        return settings;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    /** The lines of the agent's block in the main config file, read from its markers (unreadable: none). */
    static List<FileSetting> markAgentBlock(List<FileSetting> rows, String configFile) {
        if (configFile == null) {
            return rows;
        }
        Set<Integer> block;
        try {
            block = ManagedSettings.blockLines(Files.readString(Path.of(configFile)));
        } catch (IOException e) {
            return rows;
        }
        return rows.stream().map(row -> configFile.equals(row.sourcefile()) && block.contains(row.sourceline())
                ? new FileSetting(row.sourcefile(), row.sourceline(), row.seqno(), row.name(), row.setting(),
                row.applied(), row.error(), true) : row).toList();
    }

    /** Reading the main file is what the server's views cannot tell: include_dir directories, even empty ones. */
    static ConfigFiles files(String configFile, String dataDirectory) {
        if (configFile == null || dataDirectory == null) {
            return ConfigFiles.UNKNOWN;
        }
        Path config = Path.of(configFile);
        try {
            String text = Files.readString(config);
            List<Path> includeDirs = includeDirs(config, text);
            return new ConfigFiles(config, Path.of(dataDirectory), includeDirs, true,
                    writeProblems(config, includeDirs, Path.of(dataDirectory)));
        } catch (IOException e) {
            return new ConfigFiles(config, Path.of(dataDirectory), List.of(), false);
        }
    }

    /**
     * Why the agent may not write its drop-in into each include_dir, or its block into postgresql.conf (replaced in
     * the directory that really holds it, a symbolic link followed): that directory's owner must be the agent's user,
     * root or the server's (the data directory's owner), nobody else may write in it, and the agent must be able to.
     */
    private static Map<Path, String> writeProblems(Path configFile, List<Path> includeDirs, Path dataDirectory) {
        Map<Path, Path> directoryByFile = new HashMap<>();
        includeDirs.forEach(dir -> directoryByFile.put(dir.resolve(SettingTargets.DROP_IN), dir));
        try {
            directoryByFile.put(configFile, configFile.toRealPath().getParent());
        } catch (IOException e) {
            // read a moment ago: gone meanwhile, and the plan's write fails naming it
        }
        Map<Path, String> problems = new HashMap<>();
        int serverUid;
        try {
            serverUid = (Integer) Files.getAttribute(dataDirectory, "unix:uid");
        } catch (IOException e) {
            directoryByFile.keySet().forEach(file -> problems.put(file, "cannot tell who owns the data directory "
                    + dataDirectory + ": " + FileFaults.describe(e)));
            return problems;
        }
        FileTrust trust = FileTrust.ofThisProcess();
        directoryByFile.forEach((file, dir) -> trust.serverDirectoryProblem(dir, serverUid)
                .ifPresent(problem -> problems.put(file, problem)));
        return problems;
    }

    /** Relative directories are relative to the including file's directory, as the server resolves them. */
    static List<Path> includeDirs(Path configFile, String text) {
        List<Path> dirs = new ArrayList<>();
        Matcher matcher = INCLUDE_DIR.matcher(text);
        while (matcher.find()) {
            String written = matcher.group(1).replace("''", "'");
            dirs.add(configFile.resolveSibling(written).normalize());
        }
        return dirs;
    }

    /** Every IP address on this machine's interfaces, as text; empty when the interfaces cannot be listed. */
    private static List<String> localAddresses() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(NetworkInterface::inetAddresses)
                    .map(InetAddress::getHostAddress)
                    .map(address -> address.replaceFirst("%.*$", "")) // drop an IPv6 scope id
                    .toList();
        } catch (SocketException e) {
            return List.of();
        }
    }
}
