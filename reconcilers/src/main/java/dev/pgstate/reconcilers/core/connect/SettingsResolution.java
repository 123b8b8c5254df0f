package dev.pgstate.reconcilers.core.connect;

import dev.pgstate.model.spec.ConnectionSpec;
import java.util.Map;
import java.util.stream.Stream;

/** libpq's precedence (flag, PG* variable, spec, default) applied to each setting once. */
final class SettingsResolution {

    static final String APPLICATION_NAME = "pgstate-agent";
    static final int DEFAULT_PORT = 5432;
    /**
     * The platform's socket directory (Debian's), and no other: a fallback to a directory anyone may write, such as
     * /tmp, would hand the agent's statements, passwords among them, to whoever put a socket there first.
     */
    static final String DEFAULT_SOCKET_DIRECTORY = "/var/run/postgresql";

    private final ConnectionSettings flags;
    private final Map<String, String> env;
    private final ConnectionSpec spec;
    private final String osUser;

    SettingsResolution(ConnectionSettings flags, Map<String, String> env, ConnectionSpec spec, String osUser) {
        this.flags = flags == null ? ConnectionSettings.NONE : flags;
        this.env = Map.copyOf(env);
        this.spec = spec == null ? ConnectionSpec.EMPTY : spec;
        this.osUser = osUser;
    }

    ConnectionSettings resolve() {
        int port = port();
        String user = first(flags.user(), env.get("PGUSER"), spec.user(), osUser);
        String host = first(flags.host(), env.get("PGHOST"), spec.host());
        return new ConnectionSettings(
                host != null ? host : DEFAULT_SOCKET_DIRECTORY,
                port,
                user,
                first(flags.database(), env.get("PGDATABASE"), spec.database(), user),
                first(flags.password(), env.get("PGPASSWORD")),
                first(flags.sslmode(), env.get("PGSSLMODE"), spec.sslmode()),
                first(flags.sslrootcert(), env.get("PGSSLROOTCERT"), spec.sslrootcert()),
                first(flags.sslcert(), env.get("PGSSLCERT"), spec.sslcert()),
                first(flags.sslkey(), env.get("PGSSLKEY"), spec.sslkey()),
                first(flags.applicationName(), APPLICATION_NAME),
                first(flags.requirepeer(), env.get("PGREQUIREPEER"), spec.requirepeer()));
    }

    private int port() {
        if (flags.port() != null) {
            return checkedPort("the port flag", flags.port());
        }
        String fromEnv = env.get("PGPORT");
        if (!isBlank(fromEnv)) {
            try {
                return checkedPort("PGPORT", Integer.parseInt(fromEnv.strip()));
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("PGPORT must be a port number (1-65535), got \"" + fromEnv + "\"");
            }
        }
        return spec.port() != null ? checkedPort("the spec's connection.port", spec.port()) : DEFAULT_PORT;
    }

    private static int checkedPort(String source, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(source + " must be a port number (1-65535), got " + port);
        }
        return port;
    }

    /** The first value that is set; an empty variable counts as unset, so {@code PGHOST=} means the default. */
    private static String first(String... candidates) {
        return Stream.of(candidates).filter(value -> !isBlank(value)).findFirst().orElse(null);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
