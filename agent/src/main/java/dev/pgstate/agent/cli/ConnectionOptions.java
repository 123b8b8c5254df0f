package dev.pgstate.agent.cli;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.facade.Server;
import picocli.CommandLine.Option;

/**
 * libpq's connection flags. Each one beats its PG* environment variable, which beats the spec's
 * {@code connection} block. There is no password flag: use PGPASSWORD (it never reaches a log).
 */
final class ConnectionOptions {

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Server host, or a Unix socket directory if it starts with '/' (PGHOST).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (PGPORT, default 5432).")
    Integer port;

    @Option(names = {"-U", "--user"}, paramLabel = "USER", description = "User to connect as (PGUSER).")
    String user;

    @Option(names = {"-d", "--dbname"}, paramLabel = "DBNAME", description = "Database to connect to; the apply lock is taken there (PGDATABASE).")
    String dbname;

    @Option(names = "--sslmode", paramLabel = "MODE", description = "disable, allow, prefer, require, verify-ca or verify-full (PGSSLMODE).")
    String sslmode;

    @Option(names = "--sslrootcert", paramLabel = "FILE", description = "CA certificates to verify the server with (PGSSLROOTCERT).")
    String sslrootcert;

    @Option(names = "--sslcert", paramLabel = "FILE", description = "Client certificate (PGSSLCERT).")
    String sslcert;

    @Option(names = "--sslkey", paramLabel = "FILE", description = "Client certificate's key (PGSSLKEY).")
    String sslkey;

    @Option(names = "--requirepeer", paramLabel = "OSUSER", description = "OS user the server behind a Unix socket must run as (PGREQUIREPEER; default postgres or the agent's own user).")
    String requirepeer;

    /** The flags given, any of them null. */
    ConnectionSettings flags() {
        return new ConnectionSettings(host, port, user, dbname, null, sslmode, sslrootcert, sslcert, sslkey, null,
                requirepeer);
    }

    /**
     * The one place every verb that talks to a server finds it: {@code flags}, then the environment, then
     * {@code fromSpec}, a spec's block; a malformed value (e.g. PGPORT=abc) is a usage error.
     */
    static Server server(AgentCommand agent, ConnectionSettings flags, ConnectionSpec fromSpec) {
        try {
            return agent.engine().server(flags, fromSpec);
        } catch (IllegalArgumentException e) {
            throw new AgentException(ExitCode.USAGE, e.getMessage(), e);
        }
    }
}
