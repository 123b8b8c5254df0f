package dev.pgstate.reconcilers.core.connect;

import dev.pgstate.model.spec.ConnectionSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where and as whom the agent connects, in libpq's terms. Any field may be null in the flags passed to
 * {@link #resolve}; after resolution host, port, user, database and applicationName are set.
 * A host starting with {@code /} is a Unix socket directory, as in libpq; {@code requirepeer} is the OS user the
 * server behind a socket must run as, null for the default ({@link Connector#DEFAULT_PEER} or the agent's own user).
 */
public record ConnectionSettings(
        String host,
        Integer port,
        String user,
        String database,
        String password,
        String sslmode,
        String sslrootcert,
        String sslcert,
        String sslkey,
        String applicationName,
        String requirepeer) {

    /** No settings at all: what the flags are when none were given. */
    public static final ConnectionSettings NONE =
            new ConnectionSettings(null, null, null, null, null, null, null, null, null, null, null);

    /**
     * Fills every setting by libpq's precedence: flag, then PG* environment variable, then spec, then default.
     *
     * @param env the process environment (a map, so tests need not touch the real one)
     * @throws IllegalArgumentException naming the source when a port is not a port number
     */
    public static ConnectionSettings resolve(ConnectionSettings flags, Map<String, String> env, ConnectionSpec spec) {
        return resolve(flags, env, spec, System.getProperty("user.name"));
    }

    /** Like {@link #resolve(ConnectionSettings, Map, ConnectionSpec)}, the default user {@code osUser}, as libpq's. */
    public static ConnectionSettings resolve(ConnectionSettings flags, Map<String, String> env, ConnectionSpec spec,
                                             String osUser) {
        return new SettingsResolution(flags, env, spec, osUser).resolve();
    }

    public boolean isUnixSocket() {
        return host != null && host.startsWith("/");
    }

    /** The socket file libpq would use: {@code <host>/.s.PGSQL.<port>}. */
    public Path socketPath() {
        if (!isUnixSocket()) {
            throw new IllegalStateException(host + " is not a Unix socket directory");
        }
        return socketPath(Path.of(host), port);
    }

    static Path socketPath(Path directory, int port) {
        return directory.resolve(".s.PGSQL." + port);
    }

    /** The target in words, for messages: the socket path, or {@code host:port}. */
    public String target() {
        if (isUnixSocket()) {
            return socketPath().toString();
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The same settings pointed at another database on the same server. */
    public ConnectionSettings withDatabase(String otherDatabase) {
        return new ConnectionSettings(host, port, user, otherDatabase, password, sslmode, sslrootcert, sslcert, sslkey,
                applicationName, requirepeer);
    }

    /** The same settings on another port: where the server listens after its port was changed. */
    public ConnectionSettings withPort(int otherPort) {
        return new ConnectionSettings(host, otherPort, user, database, password, sslmode, sslrootcert, sslcert, sslkey,
                applicationName, requirepeer);
    }

    /** Like the record's own, with the password redacted so it never reaches a log. */
    @Override
    public String toString() {
        return "ConnectionSettings[host=" + host + ", port=" + port + ", user=" + user + ", database=" + database
                + ", password=" + (password == null ? null : "(sensitive)") + ", sslmode=" + sslmode
                + ", sslrootcert=" + sslrootcert + ", sslcert=" + sslcert + ", sslkey=" + sslkey
                + ", applicationName=" + applicationName + ", requirepeer=" + requirepeer + "]";
    }
}
