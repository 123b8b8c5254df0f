package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ValidUntil;
import dev.pgstate.reconcilers.core.plan.Attribute;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import java.util.List;

/**
 * The role attributes the agent manages, with the spec key of each. {@link #PASSWORD} is sensitive: its values
 * (a {@code DesiredPassword} after, a description of the difference before) are never rendered.
 */
public enum RoleAttribute implements Attribute {
    SUPERUSER("superuser"),
    CREATEDB("createdb"),
    CREATEROLE("createrole"),
    INHERIT("inherit"),
    LOGIN("login"),
    REPLICATION("replication"),
    BYPASSRLS("bypassrls"),
    CONNECTION_LIMIT("connection_limit"),
    VALID_UNTIL("valid_until"),
    PASSWORD("password");

    private final String key;

    RoleAttribute(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public boolean sensitive() {
        return this == PASSWORD;
    }

    public static boolean setsPassword(List<AttributeChange<RoleAttribute>> changes) {
        return changes.stream().anyMatch(change -> change.attribute() == PASSWORD);
    }

    /** The spec's value in plan form, or {@code null} when the spec leaves the attribute unmanaged. */
    public Object desired(RoleSpec role) {
        return switch (this) {
            case SUPERUSER -> role.superuser();
            case CREATEDB -> role.createdb();
            case CREATEROLE -> role.createrole();
            case INHERIT -> role.inherit();
            case LOGIN -> role.login();
            case REPLICATION -> role.replication();
            case BYPASSRLS -> role.bypassrls();
            case CONNECTION_LIMIT -> role.connectionLimit();
            case VALID_UNTIL -> role.validUntil() == null ? null : ValidUntil.format(ValidUntil.parse(role.validUntil()));
            // the spec names only where the password is: RolePlanner compares the secret read from there
            case PASSWORD -> null;
        };
    }

    /** The server's value in the same form as {@link #desired}. */
    public Object observed(LiveRole role) {
        return switch (this) {
            case SUPERUSER -> role.superuser();
            case CREATEDB -> role.createdb();
            case CREATEROLE -> role.createrole();
            case INHERIT -> role.inherit();
            case LOGIN -> role.login();
            case REPLICATION -> role.replication();
            case BYPASSRLS -> role.bypassrls();
            case CONNECTION_LIMIT -> role.connectionLimit();
            case VALID_UNTIL -> ValidUntil.format(role.validUntil());
            case PASSWORD -> null;
        };
    }
}
