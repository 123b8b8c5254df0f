package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.UnmanagedPolicy;
import java.util.Optional;

/**
 * A role or database on the server that the spec does not name, as the spec's unmanaged policy sees it:
 * {@code drift} when the policy says so (plan exits 2 and the daemon reports it), else only reported.
 */
public record UnmanagedObject(Address address, boolean superuser, boolean drift) {

    /** An object the spec does not name, listed unless {@code policy} ignores it. */
    public static Optional<UnmanagedObject> under(UnmanagedPolicy policy, Address address, boolean superuser) {
        return policy == UnmanagedPolicy.IGNORE ? Optional.empty()
                : Optional.of(new UnmanagedObject(address, superuser, policy == UnmanagedPolicy.DRIFT));
    }

    /** Which count of unmanaged objects this one adds to: its kind, superusers apart. */
    public Group group() {
        return new Group(address.kind(), superuser);
    }

    /** Unmanaged objects of one kind, superusers apart. */
    public record Group(KindName kind, boolean superuser) {
    }
}
