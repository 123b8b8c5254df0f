package dev.pgstate.reconcilers.kind.membership;

/**
 * One row of pg_auth_members: {@code member} is a member of {@code role}, granted by {@code grantor}.
 * Before PostgreSQL 16, {@code inherit} is the member's current rolinherit and {@code set} is always true.
 */
public record LiveMembership(String role, String member, String grantor, boolean admin, boolean inherit, boolean set) {
}
