package dev.pgstate.reconcilers.facade;

import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.NumericAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The connection to explain: who asks for which database (empty for a physical replication connection), over the
 * socket ({@code address} empty) or over TCP from a numeric address, with SSL or GSS encryption, and whether host
 * names in the rules are looked up ({@code resolveNames}).
 */
public record ExplainQuery(String user, String database, Optional<String> address, boolean ssl, boolean gssenc,
                           Replication replication, boolean resolveNames) {

    /** A replication connection: physical (a walsender) or database (logical); none for an ordinary one. */
    public enum Replication { NONE, PHYSICAL, DATABASE }

    /** @throws IllegalArgumentException when the address is not a numeric IP address */
    public ExplainQuery {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(replication, "replication");
        if (address.isPresent() && NumericAddress.parse(address.get()).isEmpty()) {
            throw new IllegalArgumentException("not a numeric IP address: " + address.get());
        }
    }

    HbaClient client() {
        HbaClient client = address.map(from -> HbaClient.tcp(from, ssl, user, database))
                .orElseGet(() -> HbaClient.socket(user, database));
        return (gssenc ? client.withGssenc() : client).withReplication(HbaClient.Replication.valueOf(replication.name()));
    }

    /** A question the server cannot be asked: GSS encryption before PostgreSQL 12. */
    public static final class Unanswerable extends IllegalArgumentException {
        Unanswerable(String message) {
            super(message);
        }
    }
}
