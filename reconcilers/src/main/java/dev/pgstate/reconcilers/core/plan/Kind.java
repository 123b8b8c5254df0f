package dev.pgstate.reconcilers.core.plan;

import java.util.List;

/**
 * The kinds of object the agent manages, each naming the kinds it must run after. The order is data:
 * {@link ChangeOrder} sorts it once; deletions run in the reverse order.
 */
public enum Kind {
    ROLE("role", List.of()),
    MEMBERSHIP("membership", List.of("ROLE")),
    DATABASE("database", List.of("ROLE")),
    /** A role's own settings (ALTER ROLE … SET), once the role exists. */
    ROLE_SETTINGS("role-settings", List.of("ROLE")),
    /** A database's own settings (ALTER DATABASE … SET), once the database exists. */
    DATABASE_SETTINGS("database-settings", List.of("ROLE", "DATABASE")),
    /** Server parameters depend on no object; their reload or restart happens once, after every change. */
    SETTING("setting", List.of()),
    /** TLS files are installed before the reload that ssl = on and the file settings need. */
    TLS("tls", List.of()),
    /** pg_hba.conf names roles and databases, so it is rewritten once they exist. */
    HBA("hba", List.of("ROLE", "MEMBERSHIP", "DATABASE"));

    private final String label;
    private final List<String> runsAfter;

    Kind(String label, List<String> runsAfter) {
        this.label = label;
        this.runsAfter = runsAfter;
    }

    /** The word used in addresses and rendered plans. */
    public String label() {
        return label;
    }

    public List<Kind> runsAfter() {
        return runsAfter.stream().map(Kind::valueOf).toList();
    }
}
