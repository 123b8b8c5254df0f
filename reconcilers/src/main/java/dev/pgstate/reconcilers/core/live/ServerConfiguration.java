package dev.pgstate.reconcilers.core.live;

import java.util.List;
import java.util.Optional;

/**
 * The running server's configuration as the kind that reads it found it (the setting kind's state): where its files
 * are and the values it runs with. The apply and the kinds that need such a fact (the TLS kind: the data directory,
 * ssl, the port) find it among what the kinds read ({@link #in}) without naming that kind.
 */
public interface ServerConfiguration {

    /** Nothing read: the files' places unknown, no parameter's value. */
    ServerConfiguration UNKNOWN = new ServerConfiguration() {
        @Override
        public ConfigFiles files() {
            return ConfigFiles.UNKNOWN;
        }

        @Override
        public Optional<String> value(String parameter) {
            return Optional.empty();
        }
    };

    /** The configuration among what the kinds read ({@code read}); {@link #UNKNOWN} when none read it. */
    static ServerConfiguration in(List<?> read) {
        return read.stream().filter(ServerConfiguration.class::isInstance).map(ServerConfiguration.class::cast)
                .findFirst().orElse(UNKNOWN);
    }

    ConfigFiles files();

    /** The value the server runs with, by the parameter's name, if it was read. */
    Optional<String> value(String parameter);

    /** The port the server says it listens on; PostgreSQL's default when that was not read. */
    default int port() {
        return value("port").map(Integer::parseInt).orElse(5432);
    }
}
