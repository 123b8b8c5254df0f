package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.reconcilers.core.connect.EachDatabase;
import dev.pgstate.reconcilers.core.live.CatalogQuery;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads each database's schemas with one query in a session to it (pg_namespace is per database), and whether the
 * owners the spec names are roles, with one query in the agent's session. The server's own schemas (pg_catalog,
 * pg_toast, the temporary ones, information_schema) and those an extension made are not the spec's to manage and are
 * not read. The same queries serve 11–18.
 */
final class SchemaReader {

    static final String SCHEMAS = """
            SELECT n.nspname::text AS name, pg_catalog.pg_get_userbyid(n.nspowner)::text AS owner
            FROM pg_catalog.pg_namespace n
            WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
              AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                AND d.objid = n.oid AND d.deptype = 'e')
            ORDER BY n.nspname""";

    static final String ROLES = "SELECT rolname::text FROM pg_catalog.pg_roles WHERE rolname = ANY (%s::pg_catalog.name[])";

    private SchemaReader() {
    }

    /**
     * @param databases the databases whose schemas to read, each in a session of its own
     * @param owners the owners the spec names, to tell which are roles (no query when there is none)
     */
    static LiveSchemas read(Connection session, DatabaseSessions sessions, Collection<String> databases,
                            Collection<String> owners) throws SQLException {
        return new LiveSchemas(EachDatabase.read(sessions, databases, Map.of(), SchemaReader::schemasIn),
                roles(session, owners));
    }

    private static Map<String, LiveSchema> schemasIn(Connection session) throws SQLException {
        Map<String, LiveSchema> byName = new LinkedHashMap<>();
        CatalogQuery.list(session, SCHEMAS, rs -> new LiveSchema(rs.getString("name"), rs.getString("owner")))
                .forEach(schema -> byName.put(schema.name(), schema));
        return byName;
    }

    private static Set<String> roles(Connection session, Collection<String> owners) throws SQLException {
        if (owners.isEmpty()) {
            return Set.of();
        }
        String names = owners.stream().map(Sql::literal).collect(Collectors.joining(", ", "ARRAY[", "]"));
        return new HashSet<>(CatalogQuery.list(session, ROLES.formatted(names), rs -> rs.getString(1)));
    }
}
