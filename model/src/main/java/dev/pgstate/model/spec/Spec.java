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

    public Optional<RoleSpec> role(String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<DatabaseSpec> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** A spec with no section, every one at its default until set on the builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's sections, to replace some of them. */
    public Builder toBuilder() {
        return builder().connection(connection).roles(roles).databases(databases).server(server).hba(hba).tls(tls)
                .unmanaged(unmanaged).lint(lint);
    }

    /** Sets the sections a spec has; those never set take their defaults, as when the YAML leaves them out. */
    public static final class Builder {
        private ConnectionSpec connection;
        private List<RoleSpec> roles;
        private List<DatabaseSpec> databases;
        private ServerSpec server;
        private HbaSpec hba;
        private TlsSpec tls;
        private UnmanagedSpec unmanaged;
        private LintSpec lint;

        private Builder() {
        }

        public Builder connection(ConnectionSpec connection) {
            this.connection = connection;
            return this;
        }

        public Builder roles(List<RoleSpec> roles) {
            this.roles = roles;
            return this;
        }

        public Builder roles(RoleSpec... roles) {
            return roles(List.of(roles));
        }

        public Builder databases(List<DatabaseSpec> databases) {
            this.databases = databases;
            return this;
        }

        public Builder databases(DatabaseSpec... databases) {
            return databases(List.of(databases));
        }

        public Builder server(ServerSpec server) {
            this.server = server;
            return this;
        }

        public Builder hba(HbaSpec hba) {
            this.hba = hba;
            return this;
        }

        public Builder tls(TlsSpec tls) {
            this.tls = tls;
            return this;
        }

        public Builder unmanaged(UnmanagedSpec unmanaged) {
            this.unmanaged = unmanaged;
            return this;
        }

        public Builder lint(LintSpec lint) {
            this.lint = lint;
            return this;
        }

        public Spec build() {
            return new Spec(connection, roles, databases, server, hba, tls, unmanaged, lint);
        }
    }
}
