package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.reconcilers.core.live.RememberedRows;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Reads every role with one query. pg_authid (superusers only) and pg_roles have the same attribute columns
 * on 11–18; pg_roles hides only the password. Read from pg_authid, the stored password comes in the same query,
 * so checking passwords costs no extra round trip.
 */
public final class RoleReader {

    /**
     * The expiry as whole microseconds since 1970, exact on every version: extract() returns float8 before
     * PostgreSQL 14, which cannot hold epoch seconds plus six decimals, so whole seconds and the microseconds
     * within the second are extracted apart (both exact in float8) and added as bigint. Both infinities give
     * NULL here; '-infinity' is told apart by its own column.
     */
    private static final String COLUMNS = """
            SELECT a.oid::bigint AS oid, a.rolname::text AS name, a.rolsuper, a.rolcreatedb, a.rolcreaterole,
                   a.rolinherit, a.rolcanlogin, a.rolreplication, a.rolbypassrls, a.rolconnlimit,
                   CASE WHEN pg_catalog.isfinite(a.rolvaliduntil)
                        THEN extract(epoch FROM date_trunc('second', a.rolvaliduntil))::bigint * 1000000
                             + extract(microseconds FROM a.rolvaliduntil)::bigint % 1000000
                   END AS valid_until_micros,
                   coalesce(a.rolvaliduntil = '-infinity', false) AS expired_forever,
            """;

    static final String FROM_AUTHID = COLUMNS + "       a.rolpassword AS stored_password\n"
            + "FROM pg_catalog.pg_authid a ORDER BY a.rolname";
    /** pg_roles shows every password as '********': nothing to learn from it. */
    static final String FROM_ROLES = COLUMNS + "       NULL::text AS stored_password\n"
            + "FROM pg_catalog.pg_roles a ORDER BY a.rolname";

    private RoleReader() {
    }

    /**
     * @param remembered the roles the previous read mapped, handed out again when the server's rows are the same
     * @param stored     the stored passwords the previous reads classified, which this one reuses and replaces
     */
    static List<LiveRole> read(Connection connection, boolean canReadAuthid, RememberedRows<LiveRole> remembered,
                               StoredPasswords stored) throws SQLException {
        StoredPasswords.Read passwords = stored.read();
        List<LiveRole> roles = remembered.read(connection, canReadAuthid ? FROM_AUTHID : FROM_ROLES, rs -> role(rs,
                canReadAuthid ? passwords.of(rs.getString("stored_password")) : StoredPassword.UNREADABLE));
        passwords.finish();
        return roles;
    }

    private static LiveRole role(ResultSet rs, StoredPassword password) throws SQLException {
        return new LiveRole(
                rs.getString("name"),
                rs.getLong("oid"),
                rs.getBoolean("rolsuper"),
                rs.getBoolean("rolcreatedb"),
                rs.getBoolean("rolcreaterole"),
                rs.getBoolean("rolinherit"),
                rs.getBoolean("rolcanlogin"),
                rs.getBoolean("rolreplication"),
                rs.getBoolean("rolbypassrls"),
                rs.getInt("rolconnlimit"),
                validUntil(rs.getObject("valid_until_micros", Long.class), rs.getBoolean("expired_forever")),
                password);
    }

    /** NULL and 'infinity' both mean "never expires"; '-infinity' becomes {@link Instant#MIN}. */
    static Optional<Instant> validUntil(Long micros, boolean expiredForever) {
        if (expiredForever) {
            return Optional.of(Instant.MIN);
        }
        return Optional.ofNullable(micros).map(value -> Instant.EPOCH.plus(value, ChronoUnit.MICROS));
    }
}
