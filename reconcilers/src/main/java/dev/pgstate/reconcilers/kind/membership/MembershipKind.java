package dev.pgstate.reconcilers.kind.membership;

import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.List;

/** A membership names two roles. */
public final class MembershipKind implements ManagedKind {

    public static final KindName NAME = new KindName("membership");

    /** {@code membership.app.idbox}: role app, member idbox. */
    public static Address address(String role, String member) {
        return Address.of(NAME, role, member);
    }

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of(RoleKind.NAME);
    }
}
