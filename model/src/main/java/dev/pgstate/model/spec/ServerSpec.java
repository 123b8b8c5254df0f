package dev.pgstate.model.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's configuration parameters as the spec wants them, with values as a person writes them in
 * postgresql.conf ({@code 128MB}, {@code 30s}, {@code on}). Parameters left out are not managed. The three
 * named fields are the common ones; {@code settings} takes any other parameter by its server name.
 *
 * @param strategy       where the agent writes: {@code alter-system} (default) or a file it owns
 * @param restart        whether the agent may restart the server for parameters that need it
 * @param restartCommand the shell command that restarts the server; {@code null} picks one for the platform
 * @param reset          parameters to take back to their default: their line in the agent's file (or
 *                       postgresql.auto.conf) is removed, so the next config file, or the compiled-in default, applies
 */
public record ServerSpec(
        List<String> listenAddresses,
        Integer port,
        String passwordEncryption,
        Map<String, String> settings,
        SettingsStrategy strategy,
        RestartPolicy restart,
        String restartCommand,
        List<String> reset) {

    public static final String LISTEN_ADDRESSES = "listen_addresses";
    public static final String PORT = "port";
    public static final String PASSWORD_ENCRYPTION = "password_encryption";
    public static final int MAX_PORT = 65535;

    /** No server section: no parameter is managed. */
    public static final ServerSpec EMPTY = new ServerSpec(null, null, null, null, null, null, null, null);

    public ServerSpec {
        listenAddresses = listenAddresses == null ? null : List.copyOf(listenAddresses);
        // insertion order kept, so problems and plans follow the file
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        strategy = strategy == null ? SettingsStrategy.ALTER_SYSTEM : strategy;
        restart = restart == null ? RestartPolicy.IF_NEEDED : restart;
        reset = reset == null ? List.of() : List.copyOf(reset);
    }

    /**
     * Every managed parameter with its value as written and the spec field it comes from, in spec order:
     * {@code listen_addresses} joined with commas, as postgresql.conf spells a list.
     */
    public List<DesiredSetting> desired() {
        List<DesiredSetting> desired = new ArrayList<>();
        if (listenAddresses != null) {
            desired.add(new DesiredSetting(LISTEN_ADDRESSES, String.join(",", listenAddresses),
                    "server." + LISTEN_ADDRESSES));
        }
        if (port != null) {
            desired.add(new DesiredSetting(PORT, port.toString(), "server." + PORT));
        }
        if (passwordEncryption != null) {
            desired.add(new DesiredSetting(PASSWORD_ENCRYPTION, passwordEncryption, "server." + PASSWORD_ENCRYPTION));
        }
        settings.forEach((name, value) -> desired.add(new DesiredSetting(name, value, "server.settings." + name)));
        return List.copyOf(desired);
    }

    /** This section with {@code more} parameters after its own; the tls section adds ssl and the file names. */
    public ServerSpec plus(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putAll(more);
        return new ServerSpec(listenAddresses, port, passwordEncryption, all, strategy, restart, restartCommand, reset);
    }

    /** True when the spec manages at least one parameter, so the agent must read the server's configuration. */
    public boolean managesSettings() {
        return !desired().isEmpty() || !reset.isEmpty();
    }

    /** One managed parameter: its name, its value as written, and the spec field that set it (for messages). */
    public record DesiredSetting(String name, String value, String field) {
    }

    /** A server section managing no parameter until one is set on the builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sets the parameters a server section manages; those never set stay unmanaged, the rest at their defaults. */
    public static final class Builder {
        private List<String> listenAddresses;
        private Integer port;
        private String passwordEncryption;
        private Map<String, String> settings;
        private SettingsStrategy strategy;
        private RestartPolicy restart;
        private String restartCommand;
        private List<String> reset;

        private Builder() {
        }

        public Builder listenAddresses(List<String> listenAddresses) {
            this.listenAddresses = listenAddresses;
            return this;
        }

        public Builder port(Integer port) {
            this.port = port;
            return this;
        }

        public Builder passwordEncryption(String passwordEncryption) {
            this.passwordEncryption = passwordEncryption;
            return this;
        }

        public Builder settings(Map<String, String> settings) {
            this.settings = settings;
            return this;
        }

        public Builder strategy(SettingsStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder restart(RestartPolicy restart) {
            this.restart = restart;
            return this;
        }

        public Builder restartCommand(String restartCommand) {
            this.restartCommand = restartCommand;
            return this;
        }

        public Builder reset(List<String> reset) {
            this.reset = reset;
            return this;
        }

        public ServerSpec build() {
            return new ServerSpec(listenAddresses, port, passwordEncryption, settings, strategy, restart,
                    restartCommand, reset);
        }
    }
}
