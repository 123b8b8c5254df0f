package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import java.util.List;
import java.util.function.Predicate;

/** Roles need nothing else: they are created first and dropped last. */
public final class RoleKind implements ManagedKind {

    public static final KindName NAME = new KindName("role");

    /** {@code role.idbox}. */
    public static Address address(String role) {
        return Address.of(NAME, role);
    }

    /** Whether a role of this name exists once the plan is applied, for a kind whose objects name roles. */
    public static Predicate<String> existsAfterPlan(PlanContext context) {
        return role -> context.existsAfterPlan().test(address(role));
    }

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of();
    }
}
