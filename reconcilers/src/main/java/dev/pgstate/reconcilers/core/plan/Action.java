package dev.pgstate.reconcilers.core.plan;

/** What a change does to its object, and how the plan summary counts it. */
public enum Action {
    CREATE("+", "will be created", Tally.ADD),
    GRANT("+", "will be granted", Tally.ADD),
    ALTER("~", "will be changed", Tally.CHANGE),
    REVOKE("-", "will be revoked", Tally.DESTROY),
    DROP("-", "will be dropped", Tally.DESTROY);

    /** The three counts of the summary line. */
    public enum Tally { ADD, CHANGE, DESTROY }

    private final String symbol;
    private final String verbPhrase;
    private final Tally tally;

    Action(String symbol, String verbPhrase, Tally tally) {
        this.symbol = symbol;
        this.verbPhrase = verbPhrase;
        this.tally = tally;
    }

    public String symbol() {
        return symbol;
    }

    public String verbPhrase() {
        return verbPhrase;
    }

    public Tally tally() {
        return tally;
    }

    /**
     * Drops run after everything else, in reverse dependency order. A revoke is not one: it belongs to the
     * membership step, in the same transaction as the grants.
     */
    public boolean isDeletion() {
        return this == DROP;
    }
}
