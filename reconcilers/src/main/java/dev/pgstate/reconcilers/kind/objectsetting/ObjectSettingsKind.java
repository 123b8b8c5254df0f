package dev.pgstate.reconcilers.kind.objectsetting;

import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/**
 * A role's or a database's own settings are given once it exists; their values are read and compared by the setting
 * kind's rules.
 */
public final class ObjectSettingsKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.OBJECT_SETTINGS;
    }

    @Override
    public List<Kind> needs() {
        return List.of(Kind.ROLE, Kind.DATABASE, Kind.SETTING);
    }
}
