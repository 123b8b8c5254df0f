package dev.pgstate.model.spec;

/**
 * The policy for roles and databases on the server that the spec does not name. {@code superusers} overrides
 * {@code roles} for unmanaged superusers (a hand-made superuser is what an attacker leaves behind). With
 * {@code drop: true}, apply drops the unmanaged objects whose policy is {@code drift}, as if the spec said
 * {@code state: absent} for each: predefined roles, the bootstrap superuser, the agent's own role and template
 * databases are never dropped, and a role that still owns objects is reported unless {@code reassign_owned_to}
 * names an heir.
 */
public record UnmanagedSpec(UnmanagedPolicy roles, UnmanagedPolicy superusers, UnmanagedPolicy databases,
                            Boolean drop, String reassignOwnedTo) {

    /** No section: every unmanaged object is reported, as before the policy existed. */
    public static final UnmanagedSpec DEFAULT = new UnmanagedSpec(null, null, null, null, null);

    public UnmanagedSpec {
        roles = roles == null ? UnmanagedPolicy.REPORT : roles;
        superusers = superusers == null ? roles : superusers;
        databases = databases == null ? UnmanagedPolicy.REPORT : databases;
        drop = drop != null && drop;
    }

    /** The policy for one unmanaged role. */
    public UnmanagedPolicy forRole(boolean superuser) {
        return superuser ? superusers : roles;
    }

    /** True when apply drops unmanaged objects under {@code drift}. */
    public boolean drops() {
        return drop;
    }
}
