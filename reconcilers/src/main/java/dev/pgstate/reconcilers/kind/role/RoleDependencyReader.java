package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.reconcilers.core.live.CatalogQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Counts what each role owns or holds privileges on, in every database at once: pg_shdepend is a shared
 * catalog, so one query sees all databases. Same text on 11–18. Pins ('p') and other deptypes are not
 * dependencies a DROP ROLE would trip on, so they are left out; the bootstrap superuser's objects are pinned
 * or unrecorded and do not show up.
 */
public final class RoleDependencyReader {

    /**
     * dbid 0 marks shared objects (databases, tablespaces), hence the LEFT JOIN. classid names a system catalog,
     * whose oid is the same in every database, so regclass resolves it from here. Column privileges add one
     * row per column, hence counting distinct objects.
     */
    static final String SQL = """
            SELECT r.rolname::text AS role, d.datname::text AS database, s.deptype::text AS deptype,
                   s.classid::regclass::text AS catalog, count(DISTINCT s.objid)::int AS objects
            FROM pg_catalog.pg_shdepend s
            JOIN pg_catalog.pg_roles r ON r.oid = s.refobjid
            LEFT JOIN pg_catalog.pg_database d ON d.oid = s.dbid
            WHERE s.refclassid = 'pg_catalog.pg_authid'::regclass AND s.deptype IN ('o', 'a', 'r')
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4""";

    private RoleDependencyReader() {
    }

    public static List<RoleDependency> read(Connection connection) throws SQLException {
        return CatalogQuery.list(connection, SQL, RoleDependencyReader::dependency);
    }

    private static RoleDependency dependency(ResultSet rs) throws SQLException {
        return new RoleDependency(rs.getString("role"), rs.getString("database"), kind(rs.getString("deptype")),
                rs.getString("catalog"), rs.getInt("objects"));
    }

    static RoleDependency.Kind kind(String deptype) {
        return switch (deptype) {
            case "o" -> RoleDependency.Kind.OWNER;
            case "a" -> RoleDependency.Kind.PRIVILEGES;
            case "r" -> RoleDependency.Kind.POLICY;
            default -> throw new IllegalStateException("unexpected pg_shdepend.deptype '" + deptype + "'");
        };
    }
}
