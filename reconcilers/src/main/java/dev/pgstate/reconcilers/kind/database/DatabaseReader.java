package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.reconcilers.core.live.CatalogQuery;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads every database with one query. Version differences: datcollate/datctype are {@code name} on 11–14 and
 * {@code text} from 15 (so every column is cast to text); the locale provider and ICU locale exist from 15
 * (daticulocale), renamed datlocale in 17 when the builtin provider arrived. pg_locks says who holds a database
 * exclusively (DROP DATABASE does, until it ends), read once for all databases.
 */
public final class DatabaseReader {

    private static final String LOCALE_11 = "'c' AS locale_provider, NULL::text AS locale";
    private static final String LOCALE_15 = "d.datlocprovider::text AS locale_provider, d.daticulocale::text AS locale";
    private static final String LOCALE_17 = "d.datlocprovider::text AS locale_provider, d.datlocale::text AS locale";

    private static final String SQL = """
            SELECT d.datname::text AS name, pg_catalog.pg_get_userbyid(d.datdba)::text AS owner,
                   pg_catalog.pg_encoding_to_char(d.encoding)::text AS encoding,
                   d.datcollate::text AS lc_collate, d.datctype::text AS lc_ctype, %s,
                   d.datconnlimit, d.datallowconn, d.datistemplate, locked.pid AS locked_by
            FROM pg_catalog.pg_database d
            LEFT JOIN (SELECT l.objid, min(l.pid) AS pid
                       FROM pg_catalog.pg_locks l
                       WHERE l.locktype = 'object' AND l.classid = 'pg_catalog.pg_database'::pg_catalog.regclass
                         AND l.mode = 'AccessExclusiveLock' AND l.granted AND l.pid <> pg_catalog.pg_backend_pid()
                       GROUP BY l.objid) locked ON locked.objid = d.oid
            ORDER BY d.datname""";

    private DatabaseReader() {
    }

    static String sql(ServerInfo server) {
        int major = server.major();
        return SQL.formatted(major >= 17 ? LOCALE_17 : major >= 15 ? LOCALE_15 : LOCALE_11);
    }

    static List<LiveDatabase> read(Connection connection, ServerInfo server) throws SQLException {
        return CatalogQuery.list(connection, sql(server), DatabaseReader::database);
    }

    private static LiveDatabase database(ResultSet rs) throws SQLException {
        return new LiveDatabase(
                rs.getString("name"),
                rs.getString("owner"),
                rs.getString("encoding"),
                rs.getString("lc_collate"),
                rs.getString("lc_ctype"),
                localeProvider(rs.getString("locale_provider")),
                rs.getString("locale"),
                rs.getInt("datconnlimit"),
                rs.getBoolean("datallowconn"),
                rs.getBoolean("datistemplate"),
                lockedBy(rs.getInt("locked_by"), rs.wasNull()));
    }

    private static Integer lockedBy(int pid, boolean none) {
        return none ? null : pid;
    }

    /** datlocprovider's one-letter code in the words CREATE DATABASE's LOCALE_PROVIDER takes. */
    static String localeProvider(String code) {
        return switch (code) {
            case "c" -> "libc";
            case "i" -> "icu";
            case "b" -> "builtin";
            default -> throw new IllegalStateException("unknown datlocprovider '" + code + "'");
        };
    }
}
