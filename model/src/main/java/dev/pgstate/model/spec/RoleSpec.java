package dev.pgstate.model.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A role as the spec wants it. A {@code null} attribute is not managed: the agent leaves whatever the
 * server has. {@code memberOf == null} likewise leaves memberships alone, while an empty list means
 * "member of nothing". {@code validUntil} is {@code infinity} or an ISO-8601 date or timestamp. {@code password}
 * says where the password comes from, never what it is. {@code settings}: the parameters the role's sessions start
 * with (ALTER ROLE … SET), exactly these when given (others the role has are reset), left alone when {@code null}.
 */
public record RoleSpec(
        String name,
        State state,
        Boolean superuser,
        Boolean createdb,
        Boolean createrole,
        Boolean inherit,
        Boolean login,
        Boolean replication,
        Boolean bypassrls,
        Integer connectionLimit,
        String validUntil,
        List<MembershipSpec> memberOf,
        String reassignOwnedTo,
        PasswordSource password,
        Map<String, String> settings) {

    /** A {@code connection_limit} of no limit, for roles and databases alike; anything lower is refused. */
    public static final int NO_CONNECTION_LIMIT = -1;

    public RoleSpec {
        Objects.requireNonNull(name, "name");
        state = state == null ? State.PRESENT : state;
        memberOf = memberOf == null ? null : List.copyOf(memberOf);
        settings = ObjectSettings.copy(settings);
    }

    /** Without settings of its own managed. */
    public RoleSpec(String name, State state, Boolean superuser, Boolean createdb, Boolean createrole, Boolean inherit,
                    Boolean login, Boolean replication, Boolean bypassrls, Integer connectionLimit, String validUntil,
                    List<MembershipSpec> memberOf, String reassignOwnedTo, PasswordSource password) {
        this(name, state, superuser, createdb, createrole, inherit, login, replication, bypassrls, connectionLimit,
                validUntil, memberOf, reassignOwnedTo, password, null);
    }

    /** A role whose password is not managed. */
    public RoleSpec(String name, State state, Boolean superuser, Boolean createdb, Boolean createrole, Boolean inherit,
                    Boolean login, Boolean replication, Boolean bypassrls, Integer connectionLimit, String validUntil,
                    List<MembershipSpec> memberOf, String reassignOwnedTo) {
        this(name, state, superuser, createdb, createrole, inherit, login, replication, bypassrls, connectionLimit,
                validUntil, memberOf, reassignOwnedTo, null, null);
    }

    /** A role that must exist, with every attribute left unmanaged. */
    public static RoleSpec named(String name) {
        return new RoleSpec(name, State.PRESENT, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This role with its password from {@code source}. */
    public RoleSpec withPassword(PasswordSource source) {
        return new RoleSpec(name, state, superuser, createdb, createrole, inherit, login, replication, bypassrls,
                connectionLimit, validUntil, memberOf, reassignOwnedTo, source, settings);
    }

    /** This role with these settings of its own (ALTER ROLE … SET); {@code null} leaves them unmanaged. */
    public RoleSpec withSettings(Map<String, String> parameters) {
        return new RoleSpec(name, state, superuser, createdb, createrole, inherit, login, replication, bypassrls,
                connectionLimit, validUntil, memberOf, reassignOwnedTo, password, parameters);
    }

    public boolean managesMemberships() {
        return memberOf != null;
    }
}
