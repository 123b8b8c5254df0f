package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.apply.ConfigFileEdit;
import dev.pgstate.reconcilers.core.apply.ConfigFileRejectedException;
import dev.pgstate.reconcilers.kind.setting.AlterSetting;
import dev.pgstate.reconcilers.kind.setting.SettingTarget;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Writes parameter changes into the agent's own file (drop-in or postgresql.conf block) in one replacement, then
 * has the server check every config file through pg_file_settings before anything is reloaded.
 */
public final class SettingsFileWriter {

    /**
     * One row per line the server would not apply. A changed postmaster-context parameter also reads "setting could
     * not be applied" until the restart, so those rows are expected, not errors; their values were checked against
     * pg_settings when planning.
     */
    static final String PROBLEMS_SQL = """
            SELECT f.sourcefile, f.sourceline, f.name, f.error
            FROM pg_catalog.pg_file_settings f
            LEFT JOIN pg_catalog.pg_settings s ON lower(s.name) = lower(f.name)
            WHERE f.error IS NOT NULL
              AND NOT (f.error = 'setting could not be applied' AND s.context = 'postmaster')
              AND f.error NOT LIKE '%cannot be changed without restarting the server%'
            ORDER BY f.seqno""";

    private SettingsFileWriter() {
    }

    /**
     * All {@code changes} share one target file; on rejection it is restored and the exception says why. Lines the
     * server rejects already, before the write, stop it: they are named where they are, not blamed on the agent's
     * file. The agent's own lines are not judged before (its drop-in, or its block in postgresql.conf): the write
     * replaces them, and the check after judges what it wrote.
     */
    public static void write(Connection connection, List<AlterSetting> changes) throws SQLException {
        SettingTarget target = changes.get(0).target();
        byte[] existing = ConfigFileEdit.readOrNull(target.file());
        String old = existing == null ? null : new String(existing, StandardCharsets.UTF_8);
        String file = target.file().toString();
        Set<Integer> block = target.writer() == SettingTarget.Writer.DROP_IN || old == null ? Set.of()
                : ManagedSettings.blockLines(old);
        List<String> already = problems(connection, (sourcefile, line) -> file.equals(sourcefile)
                && (target.writer() == SettingTarget.Writer.DROP_IN || block.contains(line)));
        if (!already.isEmpty()) {
            throw ConfigFileRejectedException.alreadyThere(target.file(), already);
        }
        Map<String, String> values = new LinkedHashMap<>();
        changes.forEach(change -> values.put(change.name(), change.reset() ? null : change.value())); // null: remove
        String updated = target.writer() == SettingTarget.Writer.DROP_IN
                ? ManagedSettings.dropIn(old, values)
                : ManagedSettings.block(old == null ? "" : old, values);
        ConfigFileEdit.replace(connection, target.file(), updated.getBytes(StandardCharsets.UTF_8), target.configFile(),
                after -> problems(after, (sourcefile, line) -> false));
    }

    /** The lines the server rejects, as file:line: name: error, but those {@code agentsOwn} says the agent wrote. */
    private static List<String> problems(Connection connection, BiPredicate<String, Integer> agentsOwn)
            throws SQLException {
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(PROBLEMS_SQL)) {
            List<String> problems = new ArrayList<>();
            while (rs.next()) {
                if (agentsOwn.test(rs.getString("sourcefile"), rs.getInt("sourceline"))) {
                    continue;
                }
                String name = rs.getString("name");
                problems.add(rs.getString("sourcefile") + ":" + rs.getInt("sourceline") + ": "
                        + (name == null ? "" : name + ": ") + rs.getString("error"));
            }
            return problems;
        }
    }
}
