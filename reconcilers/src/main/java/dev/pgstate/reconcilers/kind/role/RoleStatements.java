package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.sql.Sql;
import dev.pgstate.reconcilers.core.sql.Values;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Scram;
import java.util.List;

/**
 * CREATE, ALTER and DROP ROLE text; role attributes are spelled the same on PostgreSQL 11 to 18. A password is only
 * ever sent as a SCRAM-SHA-256 verifier, so the plaintext never reaches the server, its logs or pg_stat_statements;
 * a verifier is stored as it is whatever password_encryption says, so md5 defaults (11–13) do not matter.
 */
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

    private static void appendPassword(StringBuilder sql, DesiredPassword password) {
        if (password instanceof DesiredPassword.None) {
            sql.append("PASSWORD NULL");
        } else if (password instanceof DesiredPassword.Verifier given) {
            Sql.appendLiteral(sql.append("PASSWORD "), given.verifier().text());
        } else {
            DesiredPassword.Plaintext plaintext = (DesiredPassword.Plaintext) password;
            // a fresh salt on every set, as the server does when it computes one itself
            Sql.appendLiteral(sql.append("PASSWORD "), Scram.verifier(plaintext.secret(), plaintext.iterations()).text());
        }
    }

    private static void appendAttribute(StringBuilder sql, AttributeChange<RoleAttribute> change) {
        switch (change.attribute()) {
            case CONNECTION_LIMIT -> sql.append("CONNECTION LIMIT ").append(Values.integer(change));
            case VALID_UNTIL -> Sql.appendLiteral(sql.append("VALID UNTIL "), Values.text(change));
            case PASSWORD -> appendPassword(sql, Values.password(change));
            // the enum names are the SQL keywords; NO in front turns each off
            case SUPERUSER, CREATEDB, CREATEROLE, INHERIT, LOGIN, REPLICATION, BYPASSRLS ->
                    sql.append(Values.bool(change) ? "" : "NO").append(change.attribute().name());
            default -> throw new IllegalArgumentException("no SQL for role attribute " + change.name());
        }
    }
}
