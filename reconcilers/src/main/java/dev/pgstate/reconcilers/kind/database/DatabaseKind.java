package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/** A database may be given to a role (its owner). */
public final class DatabaseKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.DATABASE;
    }

    @Override
    public List<Kind> needs() {
        return List.of(Kind.ROLE);
    }
}
