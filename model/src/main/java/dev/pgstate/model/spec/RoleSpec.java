package dev.pgstate.model.spec;

import java.util.List;
import java.util.Objects;

/**
 * A role as the spec wants it. A {@code null} attribute is not managed: the agent leaves whatever the
 * server has. {@code memberOf == null} likewise leaves memberships alone, while an empty list means
 * "member of nothing". {@code validUntil} is {@code infinity} or an ISO-8601 date or timestamp.
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
        String reassignOwnedTo) {

    public RoleSpec {
        Objects.requireNonNull(name, "name");
        state = state == null ? State.PRESENT : state;
        memberOf = memberOf == null ? null : List.copyOf(memberOf);
    }

    /** A role that must exist, with every attribute left unmanaged. */
    public static RoleSpec named(String name) {
        return new RoleSpec(name, State.PRESENT, null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean managesMemberships() {
        return memberOf != null;
    }
}
