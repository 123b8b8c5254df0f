package dev.pgstate.reconcilers.kind.tls;

import java.nio.file.Path;
import java.util.Map;

/** The files the server's TLS reads, each with its parameter and the default file name the agent uses. */
public enum TlsFileRole {
    CERTIFICATE("ssl_cert_file", "server.crt", "0644"),
    KEY("ssl_key_file", "server.key", "0600"),
    CA_BUNDLE("ssl_ca_file", "root.crt", "0644"),
    CRL("ssl_crl_file", "root.crl", "0644"),
    /** An encrypted key's passphrase, beside the key ({@code server.key.passphrase}), read by the server's command. */
    PASSPHRASE("ssl_passphrase_command", "server.key.passphrase", "0600");

    private final String parameter;
    private final String defaultName;
    private final String defaultMode;

    TlsFileRole(String parameter, String defaultName, String defaultMode) {
        this.parameter = parameter;
        this.defaultName = defaultName;
        this.defaultMode = defaultMode;
    }

    public String parameter() {
        return parameter;
    }

    /** Relative to the data directory, like the server's own defaults. */
    public String defaultName() {
        return defaultName;
    }

    public String defaultMode() {
        return defaultMode;
    }

    /** Whether its content is a secret: shown by neither a plan nor a log, and marked as touching one. */
    public boolean secret() {
        return this == KEY || this == PASSPHRASE;
    }

    /** The server's parameters that make it read this file at {@code path}. */
    public Map<String, String> parameters(Path path) {
        return this == PASSPHRASE ? PassphraseCommand.parameters(path) : Map.of(parameter, path.toString());
    }
}
