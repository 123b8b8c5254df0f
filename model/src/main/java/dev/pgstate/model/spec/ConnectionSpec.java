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

    /** A connection block giving nothing until set on the builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sets the connection fields the spec gives; those never set fall back to the environment and flags. */
    public static final class Builder {
        private String host;
        private Integer port;
        private String user;
        private String database;
        private String sslmode;
        private String sslrootcert;
        private String sslcert;
        private String sslkey;
        private String requirepeer;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(Integer port) {
            this.port = port;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder sslmode(String sslmode) {
            this.sslmode = sslmode;
            return this;
        }

        public Builder sslrootcert(String sslrootcert) {
            this.sslrootcert = sslrootcert;
            return this;
        }

        public Builder sslcert(String sslcert) {
            this.sslcert = sslcert;
            return this;
        }

        public Builder sslkey(String sslkey) {
            this.sslkey = sslkey;
            return this;
        }

        public Builder requirepeer(String requirepeer) {
            this.requirepeer = requirepeer;
            return this;
        }

        public ConnectionSpec build() {
            return new ConnectionSpec(host, port, user, database, sslmode, sslrootcert, sslcert, sslkey, requirepeer);
        }
    }
}
