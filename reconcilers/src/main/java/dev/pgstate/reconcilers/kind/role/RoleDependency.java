package dev.pgstate.reconcilers.kind.role;

/**
 * Objects a role owns or holds privileges on, counted per database and catalog (from pg_shdepend).
 * {@code database} is {@code null} for shared objects (databases, tablespaces, roles).
 */
public record RoleDependency(String role, String database, Kind kind, String catalog, int count) {

    /** pg_shdepend's deptype, in words. */
    public enum Kind {
        OWNER("owner of"), PRIVILEGES("privileges on"), POLICY("named in policies on");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** "owner of 3 pg_class objects in appdb". */
    public String describe() {
        return kind.words() + " " + count + " " + catalog + (count == 1 ? " object" : " objects")
                + (database == null ? " (shared)" : " in database " + database);
    }
}
