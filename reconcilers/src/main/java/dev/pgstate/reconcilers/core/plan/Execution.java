package dev.pgstate.reconcilers.core.plan;

/** How the applier carries a change out; each change says so itself, so a new kind cannot be forgotten here. */
public enum Execution {
    /** With the consecutive changes like it in one transaction, all or nothing (roles and memberships). */
    TRANSACTION,
    /** Alone, in autocommit mode: CREATE DATABASE, ALTER SYSTEM and the like cannot run in a transaction block. */
    AUTOCOMMIT,
    /** In a session to the change's own database ({@link InDatabase}), its statements as one transaction. */
    IN_DATABASE,
    /** With the consecutive changes like it in one file the server checks before it is kept, all or nothing. */
    FILE,
    /** Not by the applier: the apply run installs it around the SQL changes and their reload (files of its own). */
    RUN
}
