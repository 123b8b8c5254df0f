package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/** A database's own settings (ALTER DATABASE … SET) are given once the database exists. */
public final class DatabaseSettingsKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.DATABASE_SETTINGS;
    }

    @Override
    public List<Kind> needs() {
        return List.of(Kind.DATABASE);
    }
}
