package dev.pgstate.reconcilers.conf;

import java.util.Objects;

/**
 * A connection attempt as pg_hba.conf sees it: over the Unix socket ({@code local}) or over TCP from
 * {@code address} (numeric), with or without SSL, as {@code user} to {@code database}. GSS encryption is never
 * assumed: the agent does not use it, so {@code hostgssenc} rules never match.
 */
public record HbaClient(boolean local, String address, boolean ssl, String user, String database) {

    public HbaClient {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        if (local != (address == null)) {
            throw new IllegalArgumentException("a socket connection has no address and a TCP one needs one");
        }
        if (local && ssl) {
            throw new IllegalArgumentException("there is no SSL over a Unix socket");
        }
    }

    public static HbaClient socket(String user, String database) {
        return new HbaClient(true, null, false, user, database);
    }

    public static HbaClient tcp(String address, boolean ssl, String user, String database) {
        return new HbaClient(false, address, ssl, user, database);
    }

    /** {@code local, user postgres, database postgres} or {@code host 10.0.0.5 with SSL, user app, database appdb}. */
    public String describe() {
        String how = local ? "over the socket" : "from " + address + (ssl ? " with SSL" : " without SSL");
        return how + " as user \"" + user + "\" to database \"" + database + "\"";
    }
}
