package dev.pgstate.reconcilers.core.plan;

/** How the applier carries a change out; each change says so itself, so a new kind cannot be forgotten here. */
public enum Execution {
    /** With the consecutive changes like it in one transaction, all or nothing (roles and memberships). */
    TRANSACTION,
    /** Alone, in autocommit mode: CREATE DATABASE, ALTER SYSTEM and the like cannot run in a transaction block. */
    AUTOCOMMIT,
    /**
     * Alone in autocommit mode like {@link #AUTOCOMMIT}, but consecutive ones that need none of each other run two at
     * a time, each in a session of its own (CREATE DATABASE: the server copies its template for each, most of the
     * time of an apply from empty, and a second session lets it use a second core).
     */
    AUTOCOMMIT_CONCURRENTLY,
    /** In a session to the change's own database ({@link InDatabase}), its statements as one transaction. */
    IN_DATABASE,
    /** With the consecutive changes like it in one file the server checks before it is kept, all or nothing. */
    FILE,
    /**
     * Not by the applier: files of the change's own, put in place before the SQL changes, so that the one reload or
     * restart after them makes the server read them (TLS material).
     */
    FILES_BEFORE_EFFECTS,
    /**
     * Not by the applier: a file of the change's own, rewritten once the SQL changes and their reload or restart are
     * done (its lines may name what they created), checked by the server and reloaded by the change itself
     * (pg_hba.conf).
     */
    FILE_THEN_RELOAD;

    /** Whether the applier runs it, as opposed to the change putting files of its own in place. */
    public boolean byApplier() {
        return this != FILES_BEFORE_EFFECTS && this != FILE_THEN_RELOAD;
    }
}
