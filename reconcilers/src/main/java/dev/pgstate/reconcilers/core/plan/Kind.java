package dev.pgstate.reconcilers.core.plan;

/**
 * The kinds of object the agent manages, by the word used in addresses and rendered plans. What each needs and how
 * its changes run is not here but in its {@link ManagedKind}.
 */
public enum Kind {
    ROLE("role"),
    MEMBERSHIP("membership"),
    DATABASE("database"),
    SETTING("setting"),
    TLS("tls"),
    HBA("hba"),
    EXTENSION("extension");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    /** The word used in addresses and rendered plans. */
    public String label() {
        return label;
    }
}
