package dev.pgstate.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * One role the owning role must be a member of. Written either as a bare role name or as a map with
 * the grant options; {@code inherit} and {@code set} need PostgreSQL 16+. A {@code null} option is not managed.
 */
public record MembershipSpec(String role, Boolean admin, Boolean inherit, Boolean set) {

    public MembershipSpec {
        Objects.requireNonNull(role, "role");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MembershipSpec of(String role) {
        return new MembershipSpec(role, null, null, null);
    }
}
