package dev.pgstate.reconcilers.core.connect;

import dev.pgstate.reconcilers.core.failure.SqlState;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.sql.ServerError;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a kind kept per database (extensions, schemas) read in each of some databases, one session each: the
 * databases read, with what was found, and those the agent could not read, with the server's reason. A database that
 * is not there (yet: the plan may create it) reads as {@code absent}.
 */
public record EachDatabase<T>(Map<String, T> read, Map<String, String> unreadable) {

    /** What to read in one database's session. */
    @FunctionalInterface
    public interface Reading<T> {
        T read(Connection session) throws SQLException;
    }

    public EachDatabase {
        read = Map.copyOf(read);
        unreadable = Map.copyOf(unreadable);
    }

    /** Nothing read. */
    public static <T> EachDatabase<T> none() {
        return new EachDatabase<>(Map.of(), Map.of());
    }

    public static <T> EachDatabase<T> read(DatabaseSessions sessions, Collection<String> databases, T absent,
                                           Reading<T> reading) {
        Map<String, T> read = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (String database : databases) {
            try (Connection session = open(sessions, database)) {
                read.put(database, reading.read(session));
            } catch (SQLException e) {
                if (SqlState.INVALID_CATALOG_NAME.is(e)) {
                    read.put(database, absent);
                } else {
                    unreadable.put(database, ServerError.of(e).describe());
                }
            }
        }
        return new EachDatabase<>(read, unreadable);
    }

    /** What was read in {@code database}, {@code none} when it was not read. */
    public T in(String database, T none) {
        return read.getOrDefault(database, none);
    }

    /** The agent's connector reports a failed connection unchecked; its cause carries the SQLSTATE. */
    private static Connection open(DatabaseSessions sessions, String database) throws SQLException {
        try {
            return sessions.open(database);
        } catch (ConnectionException e) {
            throw ConnectionException.sqlCause(e);
        }
    }
}
