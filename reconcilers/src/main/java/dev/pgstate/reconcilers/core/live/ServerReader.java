package dev.pgstate.reconcilers.core.live;

import java.sql.Connection;
import java.sql.SQLException;

/** Reads {@link ServerInfo}, and whether pg_authid is readable, in one query that runs first: the rest depend on it. */
public final class ServerReader {

    /** Same text on 11–18. oid 10 is always the bootstrap superuser. */
    static final String SQL = """
            SELECT pg_catalog.current_setting('server_version_num')::int AS version_num,
                   current_user::text AS current_user,
                   (SELECT rolname::text FROM pg_catalog.pg_roles WHERE oid = 10) AS bootstrap_superuser,
                   pg_catalog.has_table_privilege('pg_catalog.pg_authid', 'SELECT') AS can_read_authid""";

    /** The server facts, plus what the role query needs to know about the agent's own privileges. */
    public record Server(ServerInfo info, boolean canReadAuthid) {
    }

    private ServerReader() {
    }

    public static Server read(Connection connection) throws SQLException {
        return CatalogQuery.single(connection, SQL, rs -> new Server(
                new ServerInfo(rs.getInt("version_num"), rs.getString("current_user"),
                        rs.getString("bootstrap_superuser")),
                rs.getBoolean("can_read_authid")));
    }
}
