package dev.pgstate.reconcilers.conf;

import java.util.Objects;

/**
 * A connection attempt as pg_hba.conf sees it: over the Unix socket ({@code local}) or over TCP from
 * {@code address} (numeric), encrypted with SSL, with GSS (12+) or not at all, an ordinary connection or a
 * replication one, as {@code user} to {@code database}.
 */
public record HbaClient(boolean local, String address, boolean ssl, boolean gssenc, Replication replication,
                        String user, String database) {

    /**
     * What the {@code replication} connection parameter asks for. A physical walsender matches only the
     * {@code replication} keyword of the database column; {@code replication=database} is matched like an
     * ordinary connection to its database.
     */
    public enum Replication { NONE, PHYSICAL, DATABASE }

    public HbaClient {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(replication, "replication");
        if (local != (address == null)) {
            throw new IllegalArgumentException("a socket connection has no address and a TCP one needs one");
        }
        if (local && (ssl || gssenc)) {
            throw new IllegalArgumentException("there is no SSL or GSS encryption over a Unix socket");
        }
        if (ssl && gssenc) {
            throw new IllegalArgumentException("a connection is encrypted with SSL or with GSS, not both");
        }
    }

    public static HbaClient socket(String user, String database) {
        return new HbaClient(true, null, false, false, Replication.NONE, user, database);
    }

    public static HbaClient tcp(String address, boolean ssl, String user, String database) {
        return new HbaClient(false, address, ssl, false, Replication.NONE, user, database);
    }

    public HbaClient withGssenc() {
        return new HbaClient(local, address, ssl, true, replication, user, database);
    }

    public HbaClient withReplication(Replication kind) {
        return new HbaClient(local, address, ssl, gssenc, kind, user, database);
    }

    /** {@code over the socket as user "postgres" to database "postgres"}, or from an address with its encryption. */
    public String describe() {
        String how = local ? "over the socket"
                : "from " + address + (ssl ? " with SSL" : gssenc ? " with GSS encryption" : " without SSL");
        String kind = switch (replication) {
            case NONE -> "";
            case PHYSICAL -> " for physical replication";
            case DATABASE -> " for logical replication";
        };
        String target = replication == Replication.PHYSICAL ? "" : " to database \"" + database + "\"";
        return how + kind + " as user \"" + user + "\"" + target;
    }
}
