package dev.pgstate.model.spec;

import java.util.List;
import java.util.Optional;

/**
 * One spec document: how to reach the server, what must exist on it and how it is configured.
 * Objects and parameters the spec does not name are never changed; {@code hba} is null when pg_hba.conf is not
 * managed; {@code tls} is null when no TLS material is managed.
 */
public record Spec(ConnectionSpec connection, List<RoleSpec> roles, List<DatabaseSpec> databases, ServerSpec server,
                   HbaSpec hba, TlsSpec tls, UnmanagedSpec unmanaged, LintSpec lint) {

    public Spec {
        connection = connection == null ? ConnectionSpec.EMPTY : connection;
        roles = roles == null ? List.of() : List.copyOf(roles);
        databases = databases == null ? List.of() : List.copyOf(databases);
        server = server == null ? ServerSpec.EMPTY : server;
        unmanaged = unmanaged == null ? UnmanagedSpec.DEFAULT : unmanaged;
        lint = lint == null ? LintSpec.EMPTY : lint;
    }

    /** A spec with the default unmanaged policy and no silenced lint rule. */
    public Spec(ConnectionSpec connection, List<RoleSpec> roles, List<DatabaseSpec> databases, ServerSpec server,
                HbaSpec hba, TlsSpec tls) {
        this(connection, roles, databases, server, hba, tls, null, null);
    }

    /** A spec that manages no TLS material. */
    public Spec(ConnectionSpec connection, List<RoleSpec> roles, List<DatabaseSpec> databases, ServerSpec server,
                HbaSpec hba) {
        this(connection, roles, databases, server, hba, null, null, null);
    }

    /** A spec that manages neither server parameters nor pg_hba.conf. */
    public Spec(ConnectionSpec connection, List<RoleSpec> roles, List<DatabaseSpec> databases) {
        this(connection, roles, databases, null, null, null, null, null);
    }

    /** A spec that leaves pg_hba.conf alone. */
    public Spec(ConnectionSpec connection, List<RoleSpec> roles, List<DatabaseSpec> databases, ServerSpec server) {
        this(connection, roles, databases, server, null, null, null, null);
    }

    /** A spec that manages no server parameters. */
    public Spec(ConnectionSpec connection, List<RoleSpec> roles, List<DatabaseSpec> databases, HbaSpec hba) {
        this(connection, roles, databases, null, hba, null, null, null);
    }

    public Optional<RoleSpec> role(String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<DatabaseSpec> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
