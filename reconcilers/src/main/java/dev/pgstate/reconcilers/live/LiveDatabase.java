package dev.pgstate.reconcilers.live;

/**
 * A database as pg_database has it. {@code locale} is the ICU or builtin locale (PostgreSQL 15+), or
 * {@code null} for libc databases, whose locale is lcCollate/lcCtype.
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
        boolean isTemplate) {

    /** datconnlimit -2 marks a database whose DROP was interrupted: it can only be dropped. */
    public boolean isInvalid() {
        return connectionLimit == -2;
    }
}
