package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.reconcilers.core.connect.EachDatabase;
import dev.pgstate.reconcilers.core.live.CatalogQuery;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.sql.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what the server offers with one query in the agent's session (pg_available_extension_versions lists the
 * control files of the server's share directory, the same in every database), and what each database has installed
 * with one query in a session to that database (pg_extension is per database). The same queries serve 11–18.
 */
public final class ExtensionReader {

    /** One row per available version; shared_preload_libraries comes along, NULL when the agent may not read it. */
    static final String AVAILABLE = """
            SELECT v.name::text AS name, v.version, v.version = a.default_version AS is_default,
                   s.setting AS preloaded
            FROM pg_catalog.pg_available_extension_versions v
            JOIN pg_catalog.pg_available_extensions a ON a.name = v.name
            LEFT JOIN pg_catalog.pg_settings s ON s.name = 'shared_preload_libraries'
            ORDER BY v.name, v.version""";

    /** The update paths of the named extensions, from pg_extension_update_paths, which needs their control files. */
    static final String UPDATE_PATHS = """
            SELECT a.name::text AS name, u.source, u.target
            FROM pg_catalog.pg_available_extensions a
            CROSS JOIN LATERAL pg_catalog.pg_extension_update_paths(a.name) u
            WHERE a.name = ANY (%s::pg_catalog.name[]) AND u.path IS NOT NULL""";

    static final String INSTALLED = """
            SELECT e.extname::text AS name, e.extversion AS version, n.nspname::text AS schema,
                   e.extrelocatable AS relocatable
            FROM pg_catalog.pg_extension e
            JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
            ORDER BY e.extname""";

    private ExtensionReader() {
    }

    /**
     * @param session the agent's session, for what the server offers
     * @param databases the databases whose extensions to read, each in a session of its own
     * @param updating the extensions whose update paths to read (one query more when there is any)
     */
    public static LiveExtensions read(Connection session, DatabaseSessions connections,
                                      Collection<String> databases, Collection<String> updating) throws SQLException {
        List<OfferedVersion> offered = CatalogQuery.list(session, AVAILABLE, rs -> new OfferedVersion(
                rs.getString("name"), rs.getString("version"), rs.getBoolean("is_default"), rs.getString("preloaded")));
        Map<String, List<String>> versions = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (OfferedVersion row : offered) {
            versions.computeIfAbsent(row.name(), name -> new ArrayList<>()).add(row.version());
            if (row.isDefault()) {
                defaults.put(row.name(), row.version());
            }
        }
        Map<String, Map<String, Set<String>>> updates = updatePaths(session, updating);
        Map<String, AvailableExtension> available = new LinkedHashMap<>();
        versions.forEach((name, listed) -> available.put(name, new AvailableExtension(name, defaults.get(name), listed,
                updates.getOrDefault(name, Map.of()))));
        String preloaded = offered.isEmpty() ? null : offered.get(0).preloaded();
        EachDatabase<Map<String, LiveExtension>> installed = EachDatabase.read(connections, databases, Map.of(),
                ExtensionReader::installedIn);
        return new LiveExtensions(available, preloaded == null ? null : Preload.libraries(preloaded),
                installed.read(), installed.unreadable());
    }

    private static Map<String, Map<String, Set<String>>> updatePaths(Connection session, Collection<String> updating)
            throws SQLException {
        Map<String, Map<String, Set<String>>> updates = new LinkedHashMap<>();
        if (updating.isEmpty()) {
            return updates;
        }
        String names = updating.stream().map(Sql::literal).collect(Collectors.joining(", ", "ARRAY[", "]"));
        CatalogQuery.list(session, UPDATE_PATHS.formatted(names), rs -> updates
                .computeIfAbsent(rs.getString("name"), name -> new LinkedHashMap<>())
                .computeIfAbsent(rs.getString("source"), source -> new LinkedHashSet<>())
                .add(rs.getString("target")));
        return updates;
    }

    /** One row of {@link #AVAILABLE}. */
    private record OfferedVersion(String name, String version, boolean isDefault, String preloaded) {
    }

    private static Map<String, LiveExtension> installedIn(Connection session) throws SQLException {
        Map<String, LiveExtension> byName = new LinkedHashMap<>();
        CatalogQuery.list(session, INSTALLED, ExtensionReader::extension)
                .forEach(extension -> byName.put(extension.name(), extension));
        return byName;
    }

    private static LiveExtension extension(ResultSet rs) throws SQLException {
        return new LiveExtension(rs.getString("name"), rs.getString("version"), rs.getString("schema"),
                rs.getBoolean("relocatable"));
    }
}
