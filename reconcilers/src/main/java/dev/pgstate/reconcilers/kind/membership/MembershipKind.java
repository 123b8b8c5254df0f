package dev.pgstate.reconcilers.kind.membership;

import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/** A membership names two roles. */
public final class MembershipKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.MEMBERSHIP;
    }

    @Override
    public List<Kind> needs() {
        return List.of(Kind.ROLE);
    }
}
