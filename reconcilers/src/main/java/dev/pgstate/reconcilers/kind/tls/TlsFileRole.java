package dev.pgstate.reconcilers.kind.tls;

/** The four files the server's TLS reads, each with its parameter and the default file name the agent uses. */
public enum TlsFileRole {
    CERTIFICATE("ssl_cert_file", "server.crt", "0644"),
    KEY("ssl_key_file", "server.key", "0600"),
    CA_BUNDLE("ssl_ca_file", "root.crt", "0644"),
    CRL("ssl_crl_file", "root.crl", "0644");

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
}
