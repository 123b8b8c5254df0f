package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/** Server parameters name no object; their reload or restart happens once, after every change. */
public final class SettingKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.SETTING;
    }

    @Override
    public List<Kind> needs() {
        return List.of();
    }
}
