package dev.pgstate.reconcilers.kind.setting;

import java.util.Objects;

/**
 * One parameter of one {@code pg_db_role_setting} row: what {@code ALTER ROLE … SET}, {@code ALTER DATABASE … SET}
 * or {@code ALTER ROLE … IN DATABASE … SET} gives the sessions of a role, of a database, or of both. {@code role}
 * and {@code database} are null where the row applies to every role ({@code ALTER ROLE ALL}) or every database.
 */
public record RoleDatabaseSetting(String role, String database, String name, String value) {

    public RoleDatabaseSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** {@code name=value} as setconfig stores it; the value may itself contain {@code =}. */
    public static RoleDatabaseSetting parse(String role, String database, String entry) {
        int equals = entry.indexOf('=');
        if (equals < 0) {
            throw new IllegalStateException("pg_db_role_setting entry without '=': " + entry);
        }
        return new RoleDatabaseSetting(role, database, entry.substring(0, equals), entry.substring(equals + 1));
    }

    /** {@code role "app"}, {@code database "appdb"}, {@code role "app" in database "appdb"}, {@code every role}. */
    public String whose() {
        if (role == null && database == null) {
            return "every role";
        }
        if (database == null) {
            return "role \"" + role + "\"";
        }
        return role == null ? "database \"" + database + "\"" : "role \"" + role + "\" in database \"" + database + "\"";
    }

    /** The statement that made it, as the plan names it. */
    public String statement() {
        if (role == null && database == null) {
            return "ALTER ROLE ALL … SET";
        }
        if (database == null) {
            return "ALTER ROLE … SET";
        }
        return role == null ? "ALTER DATABASE … SET" : "ALTER ROLE … IN DATABASE … SET";
    }
}
