package dev.pgstate.model.spec;

import java.util.List;
import java.util.Optional;

/**
 * One spec document: how to reach the server, what must exist on it and how it is configured.
 * Objects and parameters the spec does not name are never changed.
 */
public record Spec(ConnectionSpec connection, List<RoleSpec> roles, List<DatabaseSpec> databases, ServerSpec server) {

    public Spec {
        connection = connection == null ? ConnectionSpec.EMPTY : connection;
        roles = roles == null ? List.of() : List.copyOf(roles);
        databases = databases == null ? List.of() : List.copyOf(databases);
        server = server == null ? ServerSpec.EMPTY : server;
    }

    /** A spec that manages no server parameters. */
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
