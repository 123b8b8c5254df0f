package dev.pgstate.reconcilers.core.plan;

/**
 * A role or database on the server that the spec does not name, as the spec's unmanaged policy sees it:
 * {@code drift} when the policy says so (plan exits 2 and the daemon reports it), else only reported.
 */
public record UnmanagedObject(Address address, boolean superuser, boolean drift) {

    /** Which count of unmanaged objects this one adds to: its kind, superusers apart. */
    public Group group() {
        return new Group(address.kind(), superuser);
    }

    /** Unmanaged objects of one kind, superusers apart. */
    public record Group(KindName kind, boolean superuser) {
    }
}
