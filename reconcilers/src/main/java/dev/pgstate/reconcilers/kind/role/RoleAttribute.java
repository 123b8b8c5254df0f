package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ValidUntil;
import dev.pgstate.reconcilers.core.plan.Attribute;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import java.util.List;
import java.util.function.Function;

/**
 * The role attributes the agent manages, with the spec key of each. {@link #PASSWORD} is sensitive: its values
 * (a {@code DesiredPassword} after, a description of the difference before) are never rendered.
 */
public enum RoleAttribute implements Attribute {
    SUPERUSER("superuser", RoleSpec::superuser, LiveRole::superuser),
    CREATEDB("createdb", RoleSpec::createdb, LiveRole::createdb),
    CREATEROLE("createrole", RoleSpec::createrole, LiveRole::createrole),
    INHERIT("inherit", RoleSpec::inherit, LiveRole::inherit),
    LOGIN("login", RoleSpec::login, LiveRole::login),
    REPLICATION("replication", RoleSpec::replication, LiveRole::replication),
    BYPASSRLS("bypassrls", RoleSpec::bypassrls, LiveRole::bypassrls),
    CONNECTION_LIMIT("connection_limit", RoleSpec::connectionLimit, LiveRole::connectionLimit),
    VALID_UNTIL("valid_until",
            role -> role.validUntil() == null ? null : ValidUntil.format(ValidUntil.parse(role.validUntil())),
            role -> ValidUntil.format(role.validUntil())),
    // the spec names only where the password is: RolePlanner compares the secret read from there
    PASSWORD("password", role -> null, role -> null);

    private final String key;
    private final Function<RoleSpec, Object> desired;
    private final Function<LiveRole, Object> observed;

    RoleAttribute(String key, Function<RoleSpec, Object> desired, Function<LiveRole, Object> observed) {
        this.key = key;
        this.desired = desired;
        this.observed = observed;
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
        return desired.apply(role);
    }

    /** The server's value in the same form as {@link #desired}. */
    public Object observed(LiveRole role) {
        return observed.apply(role);
    }
}
