package dev.pgstate.reconcilers.core.apply;

import java.sql.SQLException;

/** A failure while handling one database of several ({@code null}: while listing them). */
public final class InDatabaseException extends Exception {
    private final String database;

    public InDatabaseException(String database, SQLException cause) {
        super(cause);
        this.database = database;
    }

    public String database() {
        return database;
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
