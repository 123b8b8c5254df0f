package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.reconcilers.core.failure.SqlState;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which locale names the server's operating system lacks, asked of the server itself: CREATE DATABASE checks a
 * locale with the same setlocale() call as setting lc_time does, so a {@code set_config('lc_time', name, true)}
 * that the server refuses means CREATE DATABASE would refuse it too. pg_collation is no answer: it lists what
 * initdb saw, not what the box has now. Nothing changes: each try is local to a transaction that is rolled back.
 */
final class ServerLocales {

    private ServerLocales() {
    }

    /** The names among {@code locales} this server cannot use, in the order given. */
    static Set<String> missing(Connection connection, Collection<String> locales) throws SQLException {
        Set<String> missing = new LinkedHashSet<>();
        if (locales.isEmpty()) {
            return missing;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (var statement = connection.prepareStatement("SELECT pg_catalog.set_config('lc_time', ?, true)")) {
            for (String locale : new LinkedHashSet<>(locales)) {
                Savepoint before = connection.setSavepoint();
                statement.setString(1, locale);
                try {
                    statement.execute();
                } catch (SQLException e) {
                    if (!SqlState.INVALID_PARAMETER_VALUE.is(e)) { // what the server says for a locale it does not have
                        throw e;
                    }
                    missing.add(locale);
                }
                connection.rollback(before);
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return missing;
    }
}
