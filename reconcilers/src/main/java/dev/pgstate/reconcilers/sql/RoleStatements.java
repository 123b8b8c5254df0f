package dev.pgstate.reconcilers.sql;

import dev.pgstate.reconcilers.plan.AttributeChange;
import dev.pgstate.reconcilers.plan.RoleAttribute;
import java.util.List;

/** CREATE, ALTER and DROP ROLE text; role attributes are spelled the same on PostgreSQL 11 to 18. */
public final class RoleStatements {

    private RoleStatements() {
    }

    /** {@code CREATE ROLE r WITH LOGIN NOSUPERUSER …}, in the order the attributes are listed. */
    public static String create(String role, List<AttributeChange<RoleAttribute>> attributes) {
        return withAttributes(new StringBuilder("CREATE ROLE "), role, attributes);
    }

    /** {@code ALTER ROLE r WITH …} naming only the given attributes; no statement when there are none. */
    public static List<String> alter(String role, List<AttributeChange<RoleAttribute>> attributes) {
        return attributes.isEmpty()
                ? List.of()
                : List.of(withAttributes(new StringBuilder("ALTER ROLE "), role, attributes));
    }

    public static String drop(String role) {
        return Sql.appendIdentifier(new StringBuilder("DROP ROLE "), role).toString();
    }

    /**
     * What must run in every database before {@code r} can be dropped: its objects go to the heir, then its
     * remaining privileges (and on 16+ the memberships it granted) are dropped.
     */
    public static List<String> releaseOwned(String role, String heir) {
        StringBuilder reassign = Sql.appendIdentifier(new StringBuilder("REASSIGN OWNED BY "), role).append(" TO ");
        Sql.appendIdentifier(reassign, heir);
        return List.of(reassign.toString(), Sql.appendIdentifier(new StringBuilder("DROP OWNED BY "), role).toString());
    }

    private static String withAttributes(StringBuilder sql, String role, List<AttributeChange<RoleAttribute>> attributes) {
        Sql.appendIdentifier(sql, role);
        if (!attributes.isEmpty()) {
            sql.append(" WITH");
            attributes.forEach(a -> appendAttribute(sql.append(' '), a));
        }
        return sql.toString();
    }

    private static void appendAttribute(StringBuilder sql, AttributeChange<RoleAttribute> change) {
        switch (change.attribute()) {
            case CONNECTION_LIMIT -> sql.append("CONNECTION LIMIT ").append(Values.integer(change));
            case VALID_UNTIL -> Sql.appendLiteral(sql.append("VALID UNTIL "), Values.text(change));
            // the enum names are the SQL keywords; NO in front turns each off
            case SUPERUSER, CREATEDB, CREATEROLE, INHERIT, LOGIN, REPLICATION, BYPASSRLS ->
                    sql.append(Values.bool(change) ? "" : "NO").append(change.attribute().name());
            default -> throw new IllegalArgumentException("no SQL for role attribute " + change.name());
        }
    }
}
