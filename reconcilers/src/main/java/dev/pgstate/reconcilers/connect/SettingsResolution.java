package dev.pgstate.reconcilers.connect;

import dev.pgstate.model.spec.ConnectionSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** libpq's precedence (flag, PG* variable, spec, default) applied to each setting once. */
final class SettingsResolution {

    static final String APPLICATION_NAME = "pgstate-agent";
    static final int DEFAULT_PORT = 5432;
    /** Debian's socket directory first, then upstream's; the first holding the server's socket wins. */
    static final List<Path> SOCKET_DIRECTORIES = List.of(Path.of("/var/run/postgresql"), Path.of("/tmp"));

    private final ConnectionSettings flags;
    private final Map<String, String> env;
    private final ConnectionSpec spec;
    private final String osUser;
    private final Predicate<Path> fileExists;

    SettingsResolution(ConnectionSettings flags, Map<String, String> env, ConnectionSpec spec, String osUser,
                       Predicate<Path> fileExists) {
        this.flags = flags == null ? ConnectionSettings.NONE : flags;
        this.env = Map.copyOf(env);
        this.spec = spec == null ? ConnectionSpec.EMPTY : spec;
        this.osUser = osUser;
        this.fileExists = fileExists;
    }

    ConnectionSettings resolve() {
        int port = port();
        String user = first(flags.user(), env.get("PGUSER"), spec.user(), osUser);
        String host = first(flags.host(), env.get("PGHOST"), spec.host());
        return new ConnectionSettings(
                host != null ? host : defaultSocketDirectory(port),
                port,
                user,
                first(flags.database(), env.get("PGDATABASE"), spec.database(), user),
                first(flags.password(), env.get("PGPASSWORD")),
                first(flags.sslmode(), env.get("PGSSLMODE"), spec.sslmode()),
                first(flags.sslrootcert(), env.get("PGSSLROOTCERT"), spec.sslrootcert()),
                first(flags.sslcert(), env.get("PGSSLCERT"), spec.sslcert()),
                first(flags.sslkey(), env.get("PGSSLKEY"), spec.sslkey()),
                first(flags.applicationName(), APPLICATION_NAME));
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

    private String defaultSocketDirectory(int port) {
        return SOCKET_DIRECTORIES.stream()
                .filter(dir -> fileExists.test(ConnectionSettings.socketPath(dir, port)))
                .findFirst()
                .orElse(SOCKET_DIRECTORIES.get(0))
                .toString();
    }

    /** The first value that is set; an empty variable counts as unset, so {@code PGHOST=} means the default. */
    private static String first(String... candidates) {
        return Stream.of(candidates).filter(value -> !isBlank(value)).findFirst().orElse(null);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
