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

    /** A role that must exist, with every attribute left unmanaged. */
    public static RoleSpec named(String name) {
        return builder(name).build();
    }

    /** A role named {@code name}, every attribute unmanaged until set on the builder. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this role's attributes, to change some of them. */
    public Builder toBuilder() {
        return builder(name).state(state).superuser(superuser).createdb(createdb).createrole(createrole)
                .inherit(inherit).login(login).replication(replication).bypassrls(bypassrls)
                .connectionLimit(connectionLimit).validUntil(validUntil).memberOf(memberOf)
                .reassignOwnedTo(reassignOwnedTo).password(password).settings(settings);
    }

    /** This role with its password from {@code source}. */
    public RoleSpec withPassword(PasswordSource source) {
        return toBuilder().password(source).build();
    }

    /** This role with these settings of its own (ALTER ROLE … SET); {@code null} leaves them unmanaged. */
    public RoleSpec withSettings(Map<String, String> parameters) {
        return toBuilder().settings(parameters).build();
    }

    public boolean managesMemberships() {
        return memberOf != null;
    }

    /** Names the attributes a role manages; those never set stay {@code null}, that is unmanaged. */
    public static final class Builder extends ObjectSpecBuilder<Builder> {
        private Boolean superuser;
        private Boolean createdb;
        private Boolean createrole;
        private Boolean inherit;
        private Boolean login;
        private Boolean replication;
        private Boolean bypassrls;
        private String validUntil;
        private List<MembershipSpec> memberOf;
        private String reassignOwnedTo;
        private PasswordSource password;

        private Builder(String name) {
            super(name);
        }

        public Builder superuser(Boolean superuser) {
            this.superuser = superuser;
            return this;
        }

        public Builder createdb(Boolean createdb) {
            this.createdb = createdb;
            return this;
        }

        public Builder createrole(Boolean createrole) {
            this.createrole = createrole;
            return this;
        }

        public Builder inherit(Boolean inherit) {
            this.inherit = inherit;
            return this;
        }

        public Builder login(Boolean login) {
            this.login = login;
            return this;
        }

        public Builder replication(Boolean replication) {
            this.replication = replication;
            return this;
        }

        public Builder bypassrls(Boolean bypassrls) {
            this.bypassrls = bypassrls;
            return this;
        }

        public Builder validUntil(String validUntil) {
            this.validUntil = validUntil;
            return this;
        }

        public Builder memberOf(List<MembershipSpec> memberOf) {
            this.memberOf = memberOf;
            return this;
        }

        public Builder reassignOwnedTo(String reassignOwnedTo) {
            this.reassignOwnedTo = reassignOwnedTo;
            return this;
        }

        public Builder password(PasswordSource password) {
            this.password = password;
            return this;
        }

        public RoleSpec build() {
            return new RoleSpec(name, state, superuser, createdb, createrole, inherit, login, replication, bypassrls,
                    connectionLimit, validUntil, memberOf, reassignOwnedTo, password, settings);
        }
    }
}
