package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/** Roles need nothing else: they are created first and dropped last. */
public final class RoleKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.ROLE;
    }

    @Override
    public List<Kind> needs() {
        return List.of();
    }
}
