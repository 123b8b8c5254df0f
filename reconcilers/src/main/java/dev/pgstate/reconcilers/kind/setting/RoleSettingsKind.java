package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/** A role's own settings (ALTER ROLE … SET) are given once the role exists. */
public final class RoleSettingsKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.ROLE_SETTINGS;
    }

    @Override
    public List<Kind> needs() {
        return List.of(Kind.ROLE);
    }
}
