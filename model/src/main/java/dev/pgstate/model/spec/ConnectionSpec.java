package dev.pgstate.model.spec;

import java.util.List;

/**
 * Where the agent connects, in libpq's terms. Every field is optional: CLI flags beat PG* environment
 * variables, which beat this block. There is deliberately no password field: a spec is not a secret store.
 * {@code requirepeer} is the OS user the server behind a Unix socket must run as (libpq's requirepeer).
 */
public record ConnectionSpec(String host, Integer port, String user, String database,
                             String sslmode, String sslrootcert, String sslcert, String sslkey, String requirepeer) {

    /** libpq compares sslmode case-sensitively. */
    public static final List<String> SSL_MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public static final ConnectionSpec EMPTY = new ConnectionSpec(null, null, null, null, null, null, null, null, null);
}
