package dev.pgstate.reconcilers.kind.database;

/**
 * A database as pg_database has it. {@code locale} is the ICU or builtin locale (PostgreSQL 15+), or
 * {@code null} for libc databases, whose locale is lcCollate/lcCtype. {@code lockedBy} is the process id of another
 * session holding the database's exclusive lock (for an invalid database: a DROP DATABASE under way), or null.
 */
public record LiveDatabase(
        String name,
        String owner,
        String encoding,
        String lcCollate,
        String lcCtype,
        String localeProvider,
        String locale,
        int connectionLimit,
        boolean allowConnections,
        boolean isTemplate,
        Integer lockedBy) {

    /** A database no other session holds locked. */
    public LiveDatabase(String name, String owner, String encoding, String lcCollate, String lcCtype,
                        String localeProvider, String locale, int connectionLimit, boolean allowConnections,
                        boolean isTemplate) {
        this(name, owner, encoding, lcCollate, lcCtype, localeProvider, locale, connectionLimit, allowConnections,
                isTemplate, null);
    }

    /** datconnlimit -2 marks a database whose DROP was interrupted: it can only be dropped. */
    public boolean isInvalid() {
        return connectionLimit == -2;
    }

    /** For an invalid database: who is dropping it now, or that nobody is (then only a new DROP DATABASE ends it). */
    public String invalidBecause() {
        return lockedBy == null ? "an interrupted DROP DATABASE left it invalid: part of its files are gone and "
                + "nobody can connect to it"
                : "it is being dropped by another session (process " + lockedBy + "), e.g. of an agent that was "
                + "stopped while dropping it";
    }
}
