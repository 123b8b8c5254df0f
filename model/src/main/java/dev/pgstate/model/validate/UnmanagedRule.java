package dev.pgstate.model.validate;

import dev.pgstate.model.spec.UnmanagedPolicy;
import dev.pgstate.model.spec.UnmanagedSpec;
import dev.pgstate.model.spec.Spec;

/**
 * {@code drop: true} drops what the policy calls drift, so it needs a {@code drift} policy to mean anything; an heir
 * for owned objects is only used by such a drop.
 */
final class UnmanagedRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        UnmanagedSpec unmanaged = spec.unmanaged();
        boolean anyDrift = unmanaged.roles() == UnmanagedPolicy.DRIFT || unmanaged.superusers() == UnmanagedPolicy.DRIFT
                || unmanaged.databases() == UnmanagedPolicy.DRIFT;
        if (unmanaged.drops() && !anyDrift) {
            problems.add("unmanaged.drop", "drop: true drops only objects whose policy is drift, and none is");
        }
        if (unmanaged.reassignOwnedTo() != null && !unmanaged.drops()) {
            problems.add("unmanaged.reassign_owned_to", "only used when unmanaged roles are dropped (drop: true)");
        }
    }
}
