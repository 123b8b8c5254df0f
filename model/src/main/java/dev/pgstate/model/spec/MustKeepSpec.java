package dev.pgstate.model.spec;

/**
 * A connection that must still get in after every apply: over the Unix socket ({@code local: true}) or from
 * {@code address} over TCP (with {@code ssl}), as {@code user} to {@code database}.
 */
public record MustKeepSpec(Boolean local, String address, Boolean ssl, String user, String database) {

    public MustKeepSpec {
        local = local != null && local;
        ssl = ssl != null && ssl;
        database = database == null ? "postgres" : database;
    }
}
