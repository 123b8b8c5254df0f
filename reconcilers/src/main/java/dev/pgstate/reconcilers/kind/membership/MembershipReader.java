package dev.pgstate.reconcilers.kind.membership;

import dev.pgstate.reconcilers.core.live.RememberedRows;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads every pg_auth_members row with one query. 16+ stores inherit and set per grant; 11–15 have only
 * admin_option, so inherit is the member's current rolinherit and set is always true.
 */
public final class MembershipReader {

    private static final String OPTIONS_16 = "am.inherit_option, am.set_option";
    private static final String OPTIONS_11 = "m.rolinherit AS inherit_option, true AS set_option";

    /**
     * The grantor is a LEFT JOIN: before 16 pg_auth_members.grantor had no dependency, so it can name a
     * dropped role; such a grant is still a membership, with a null grantor.
     */
    private static final String SQL = """
            SELECT r.rolname::text AS role, m.rolname::text AS member, g.rolname::text AS grantor,
                   am.admin_option, %s
            FROM pg_catalog.pg_auth_members am
            JOIN pg_catalog.pg_roles r ON r.oid = am.roleid
            JOIN pg_catalog.pg_roles m ON m.oid = am.member
            LEFT JOIN pg_catalog.pg_roles g ON g.oid = am.grantor
            ORDER BY 1, 2, 3""";

    private MembershipReader() {
    }

    static String sql(ServerInfo server) {
        return SQL.formatted(server.hasMembershipOptions() ? OPTIONS_16 : OPTIONS_11);
    }

    /** @param remembered the grants the previous read mapped, handed out again when the server's rows are the same */
    static List<LiveMembership> read(Connection connection, ServerInfo server,
                                     RememberedRows<LiveMembership> remembered) throws SQLException {
        return remembered.read(connection, sql(server), MembershipReader::membership);
    }

    private static LiveMembership membership(ResultSet rs) throws SQLException {
        return new LiveMembership(rs.getString("role"), rs.getString("member"), rs.getString("grantor"),
                rs.getBoolean("admin_option"), rs.getBoolean("inherit_option"), rs.getBoolean("set_option"));
    }
}
