package dev.pgstate.model.spec;

import java.util.List;
import java.util.Map;

/**
 * The TLS material the server reads and the CA the agent may keep to issue it. The ssl_* parameters other than
 * the file names ({@code ssl_min_protocol_version}, {@code ssl_ciphers}, …) stay in {@code server.settings};
 * {@code ssl = on} is set by the agent itself, and only once the material below has been checked.
 *
 * @param ca             the agent's CA, needed when any file is {@code issue: true}; {@code null} when nothing is issued
 * @param certificate    the server certificate (ssl_cert_file, default {@code server.crt} in the data directory)
 * @param key            its private key (ssl_key_file, default {@code server.key})
 * @param caBundle       the roots client certificates must chain to (ssl_ca_file); {@code null}: not managed
 * @param crl            revoked client certificates (ssl_crl_file); {@code null}: not managed; issued: the agent's
 *                       CA's own, which {@code revoke-client-cert} adds to and the agent renews before it lapses
 * @param hostnames      DNS names the certificate must cover (subject alternative names)
 * @param addresses      IP addresses the certificate must cover
 * @param renewBefore    how long before expiry an issued certificate is renewed, in days ({@code 30d})
 * @param stateDirectory where the agent keeps what it owns, the CA key among it (mode 0600)
 */
public record TlsSpec(TlsCaSpec ca, TlsFileSpec certificate, TlsFileSpec key, TlsFileSpec caBundle, TlsFileSpec crl,
                      List<String> hostnames, List<String> addresses, String renewBefore, String stateDirectory) {

    /**
     * Parameters the tls section sets itself, each with what sets it there: server.settings must not name them,
     * with or without a tls section, since a file the agent has not checked can make the next reload or start fail.
     */
    public static final Map<String, String> MANAGED_PARAMETERS = Map.of(
            "ssl", "ssl = on only once the material checks out",
            "ssl_cert_file", "tls.certificate and its destination",
            "ssl_key_file", "tls.key and its destination",
            "ssl_ca_file", "tls.ca_bundle and its destination",
            "ssl_crl_file", "tls.crl and its destination",
            "ssl_passphrase_command", "tls.key.passphrase",
            "ssl_passphrase_command_supports_reload", "tls.key.passphrase");
    public static final String DEFAULT_RENEW_BEFORE = "30d";
    /** How a number of days is written ({@code valid_for}, {@code renew_before}), as a regular expression. */
    public static final String DAYS = "[1-9][0-9]{0,5}d";
    public static final String DEFAULT_STATE_DIRECTORY = "/var/lib/pgstate";

    public TlsSpec {
        hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        renewBefore = renewBefore == null ? DEFAULT_RENEW_BEFORE : renewBefore;
        stateDirectory = stateDirectory == null ? DEFAULT_STATE_DIRECTORY : stateDirectory;
    }

    public int renewBeforeDays() {
        return days(renewBefore);
    }

    /** {@code 30d} as 30; the spec validator has already refused anything else. */
    static int days(String written) {
        return Integer.parseInt(written.substring(0, written.length() - 1));
    }

    /** True when some file is issued by the agent's CA, so the spec needs a {@code ca}. */
    public boolean issuesFromCa() {
        return isIssued(certificate) || isIssued(key) || isIssued(caBundle) || isIssued(crl);
    }

    private static boolean isIssued(TlsFileSpec file) {
        return file != null && file.issued();
    }

    /** A tls section managing nothing until set on the builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this section's fields, to replace some of them. */
    public Builder toBuilder() {
        return builder().ca(ca).certificate(certificate).key(key).caBundle(caBundle).crl(crl).hostnames(hostnames)
                .addresses(addresses).renewBefore(renewBefore).stateDirectory(stateDirectory);
    }

    /** Sets a tls section's fields; those never set are not managed or take their defaults. */
    public static final class Builder {
        private TlsCaSpec ca;
        private TlsFileSpec certificate;
        private TlsFileSpec key;
        private TlsFileSpec caBundle;
        private TlsFileSpec crl;
        private List<String> hostnames;
        private List<String> addresses;
        private String renewBefore;
        private String stateDirectory;

        private Builder() {
        }

        public Builder ca(TlsCaSpec ca) {
            this.ca = ca;
            return this;
        }

        public Builder certificate(TlsFileSpec certificate) {
            this.certificate = certificate;
            return this;
        }

        public Builder key(TlsFileSpec key) {
            this.key = key;
            return this;
        }

        public Builder caBundle(TlsFileSpec caBundle) {
            this.caBundle = caBundle;
            return this;
        }

        public Builder crl(TlsFileSpec crl) {
            this.crl = crl;
            return this;
        }

        public Builder hostnames(List<String> hostnames) {
            this.hostnames = hostnames;
            return this;
        }

        public Builder addresses(List<String> addresses) {
            this.addresses = addresses;
            return this;
        }

        public Builder renewBefore(String renewBefore) {
            this.renewBefore = renewBefore;
            return this;
        }

        public Builder stateDirectory(String stateDirectory) {
            this.stateDirectory = stateDirectory;
            return this;
        }

        public TlsSpec build() {
            return new TlsSpec(ca, certificate, key, caBundle, crl, hostnames, addresses, renewBefore, stateDirectory);
        }
    }
}
