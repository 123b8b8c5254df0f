package dev.pgstate.reconcilers.kind.role;

import java.time.Instant;
import java.util.Optional;

/**
 * A role as pg_authid has it; {@code validUntil} is empty when the role never expires. {@code password} is
 * {@link StoredPassword#UNREADABLE} unless the agent is a superuser; a stored verifier never shows in toString().
 */
public record LiveRole(
        String name,
        long oid,
        boolean superuser,
        boolean createdb,
        boolean createrole,
        boolean inherit,
        boolean login,
        boolean replication,
        boolean bypassrls,
        int connectionLimit,
        Optional<Instant> validUntil,
        StoredPassword password) {

    /** A role read without its password, as a non-superuser reads it from pg_roles. */
    public LiveRole(String name, long oid, boolean superuser, boolean createdb, boolean createrole, boolean inherit,
                    boolean login, boolean replication, boolean bypassrls, int connectionLimit,
                    Optional<Instant> validUntil) {
        this(name, oid, superuser, createdb, createrole, inherit, login, replication, bypassrls, connectionLimit,
                validUntil, StoredPassword.UNREADABLE);
    }

    /** Roles the agent never creates, alters or drops: predefined {@code pg_*} roles and the bootstrap superuser. */
    public boolean isSystem() {
        return oid < 16384 || name.startsWith("pg_");
    }
}
