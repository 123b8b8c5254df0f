package dev.pgstate.reconcilers.regex;

/**
 * A pattern that cannot be used: either PostgreSQL rejects it ({@link #refusedByServer()}, with the server's own
 * reason, e.g. "parentheses () not balanced"), or it uses a construct pgstate does not evaluate exactly as the
 * server does, so pgstate refuses to guess (the reason names the construct; the server may or may not accept it).
 */
public final class PgRegexException extends Exception {

    private final String reason;
    private final boolean refusedByServer;

    private PgRegexException(String reason, boolean refusedByServer) {
        super(reason);
        this.reason = reason;
        this.refusedByServer = refusedByServer;
    }

    static PgRegexException serverRejects(ServerError error) {
        return new PgRegexException(error.text(), true);
    }

    static PgRegexException notEvaluated(String construct) {
        return new PgRegexException("pgstate does not evaluate " + construct + " (see README, regular expressions)", false);
    }

    public String reason() {
        return reason;
    }

    /** True when PostgreSQL itself rejects the pattern; false when only pgstate refuses it. */
    public boolean refusedByServer() {
        return refusedByServer;
    }
}
