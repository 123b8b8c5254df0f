package dev.pgstate.reconcilers.core.connect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.sql.ServerError;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/** Opens pgjdbc connections for resolved {@link ConnectionSettings}, over TCP or a Unix socket (junixsocket). */
public final class Connector {

    /** Seconds to reach the server, and to finish authenticating, before giving up. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** Whom the server behind a Unix socket runs as when requirepeer is not set, besides the agent's own user. */
    public static final String DEFAULT_PEER = "postgres";

    /** Opens a session once the URL and the properties (the peer check, TLS, timeouts) are built. */
    @FunctionalInterface
    public interface Opener {
        Connection open(String url, Properties properties) throws SQLException;
    }

    /** A new pgjdbc connection each time: what the agent does. */
    public static final Opener PGJDBC = new Driver()::connect;

    private final ConnectionSettings settings;
    private final Opener opener;

    public Connector(ConnectionSettings settings) {
        this(settings, PGJDBC);
    }

    /** @param opener {@link #PGJDBC}, or a test's that keeps one session for many in-process runs of the CLI */
    public Connector(ConnectionSettings settings, Opener opener) {
        this.settings = settings;
        this.opener = opener;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** A connection to the settings' database. */
    public Connection connect() {
        return connect(settings.database());
    }

    /**
     * A connection to {@code database} on the same server, e.g. to run REASSIGN OWNED in each database.
     *
     * @throws ConnectionException with a one-line reason
     */
    public Connection connect(String database) {
        ConnectionSettings target = settings.withDatabase(database);
        try {
            Connection connection = opener.open(url(target), properties(target));
            if (connection == null) {
                throw new IllegalStateException("pgjdbc rejected the URL " + url(target));
            }
            return connection;
        } catch (SQLException e) {
            throw new ConnectionException(failure(target, untrustedPeer(e).orElse(ServerError.of(e).describe())), e);
        }
    }

    /** Sessions to the server's databases for the kinds read per database, failures with the server's SQLSTATE. */
    public DatabaseSessions databases() {
        return database -> {
            try {
                return connect(database);
            } catch (ConnectionException e) {
                throw ConnectionException.sqlCause(e);
            }
        };
    }

    /** pgjdbc words a refused socket as a failed attempt; the refusal's own message says more. */
    private static Optional<String> untrustedPeer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PeerCheckedSocketFactory.UntrustedPeerException untrusted) {
                return Optional.of(untrusted.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Built from the target and the server's or pgjdbc's words only; neither ever echoes the password. */
    private static String failure(ConnectionSettings target, String reason) {
        return "cannot connect to PostgreSQL at " + target.target() + " as " + target.user() + ": " + reason;
    }

    /** The database goes in the URL; junixsocket only accepts the host name {@code localhost}. */
    static String url(ConnectionSettings target) {
        String hostAndPort = target.isUnixSocket() ? "localhost" : target.target();
        return "jdbc:postgresql://" + hostAndPort + "/" + URLEncoder.encode(target.database(), StandardCharsets.UTF_8);
    }

    static Properties properties(ConnectionSettings target) {
        Properties props = new Properties();
        PGProperty.USER.set(props, target.user());
        if (target.password() != null) {
            PGProperty.PASSWORD.set(props, target.password());
        }
        PGProperty.APPLICATION_NAME.set(props, target.applicationName());
        PGProperty.CONNECT_TIMEOUT.set(props, CONNECT_TIMEOUT_SECONDS);
        PGProperty.LOGIN_TIMEOUT.set(props, CONNECT_TIMEOUT_SECONDS);
        // No socketTimeout: CREATE DATABASE from a large template or REASSIGN OWNED may run for minutes.
        if (target.isUnixSocket()) {
            PGProperty.SOCKET_FACTORY.set(props, PeerCheckedSocketFactory.class.getName());
            PGProperty.SOCKET_FACTORY_ARG.set(props,
                    PeerCheckedSocketFactory.argument(acceptedPeers(target), target.socketPath()));
            // There is no TLS or GSS over a Unix socket; libpq ignores sslmode there, and so do we.
            PGProperty.SSL_MODE.set(props, "disable");
            PGProperty.GSS_ENC_MODE.set(props, "disable");
        } else {
            PGProperty.TCP_KEEP_ALIVE.set(props, true);
            setIfPresent(props, PGProperty.SSL_MODE, target.sslmode());
            setIfPresent(props, PGProperty.SSL_ROOT_CERT, target.sslrootcert());
            setIfPresent(props, PGProperty.SSL_CERT, target.sslcert());
            setIfPresent(props, PGProperty.SSL_KEY, target.sslkey());
        }
        return props;
    }

    /**
     * The requirepeer user, or by default {@value #DEFAULT_PEER} and the agent's own user: a server that user runs
     * is no stranger to it. A TCP server has no such check; it is trusted through TLS verification alone
     * ({@code sslmode=verify-full}), as with libpq.
     */
    static List<String> acceptedPeers(ConnectionSettings target) {
        if (target.requirepeer() != null) {
            return List.of(target.requirepeer());
        }
        String self = System.getProperty("user.name");
        return self == null || self.equals(DEFAULT_PEER) ? List.of(DEFAULT_PEER) : List.of(DEFAULT_PEER, self);
    }

    private static void setIfPresent(Properties props, PGProperty property, String value) {
        if (value != null) {
            property.set(props, value);
        }
    }
}
