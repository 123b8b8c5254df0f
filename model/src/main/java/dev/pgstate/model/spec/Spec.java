package dev.pgstate.model.spec;

import java.util.List;
import java.util.Optional;

/**
 * One spec document: how to reach the server and what must exist on it.
 * Objects the spec does not name are never changed; {@code hba} is null when pg_hba.conf is not managed.
 */
public record Spec(ConnectionSpec connection, List<RoleSpec> roles, List<DatabaseSpec> databases, HbaSpec hba) {

    public Spec {
        connection = connection == null ? ConnectionSpec.EMPTY : connection;
        roles = roles == null ? List.of() : List.copyOf(roles);
        databases = databases == null ? List.of() : List.copyOf(databases);
    }

    /** A spec that leaves pg_hba.conf alone. */
    public Spec(ConnectionSpec connection, List<RoleSpec> roles, List<DatabaseSpec> databases) {
        this(connection, roles, databases, null);
    }

    public Optional<RoleSpec> role(String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<DatabaseSpec> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
