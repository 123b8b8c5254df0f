package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.State;
import dev.pgstate.model.spec.Spec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The locales of the databases a plan would create, checked against the server before planning: a name its box
 * lacks is the spec's mistake (exit 65 at plan), not a CREATE DATABASE that fails halfway through an apply. A
 * database that exists already keeps its locale (a difference is a manual action), so it is not asked about.
 */
final class NewDatabaseLocales {

    private NewDatabaseLocales() {
    }

    /** A problem for every field whose locale the server does not have; none when it has them all. */
    static List<String> missing(Connection connection, Spec spec, Map<String, LiveDatabase> live) throws SQLException {
        Map<String, String> localeByField = new LinkedHashMap<>();
        for (int i = 0; i < spec.databases().size(); i++) {
            DatabaseSpec database = spec.databases().get(i);
            if (database.state() == State.PRESENT && !live.containsKey(database.name())) {
                String at = "databases[" + i + "].";
                putIfSet(localeByField, at + "locale", database.locale());
                putIfSet(localeByField, at + "lc_collate", database.lcCollate());
                putIfSet(localeByField, at + "lc_ctype", database.lcCtype());
            }
        }
        Set<String> missing = ServerLocales.missing(connection, localeByField.values());
        return localeByField.entrySet().stream().filter(e -> missing.contains(e.getValue()))
                .map(e -> e.getKey() + ": the server has no locale \"" + e.getValue()
                        + "\" (`locale -a` on its box lists the ones it has)")
                .toList();
    }

    private static void putIfSet(Map<String, String> localeByField, String field, String locale) {
        if (locale != null) {
            localeByField.put(field, locale);
        }
    }
}
