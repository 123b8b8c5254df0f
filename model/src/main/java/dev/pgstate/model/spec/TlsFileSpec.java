package dev.pgstate.model.spec;

/**
 * One TLS file the server reads: where its content comes from (exactly one of {@code file}, a path on the box;
 * {@code pem}, inline; or {@code issue: true}, from the agent's CA) and where and how it is installed.
 *
 * @param destination the path the server reads, relative to the data directory or absolute; {@code null}: the
 *                    server's default for this file
 * @param owner       the file's owner; {@code null}: the server's OS user
 * @param group       the file's group; {@code null}: the data directory's group
 * @param mode        octal permissions ({@code "0600"}); {@code null}: 0600 for keys, 0644 otherwise
 * @param passphrase  for the key only: the secret (file, env or credential, like a password) that encrypts it; the
 *                    agent installs it beside the key for the server's {@code ssl_passphrase_command}
 */
public record TlsFileSpec(String file, String pem, Boolean issue, String destination, String owner, String group,
                          String mode, PasswordSource passphrase) {

    public boolean issued() {
        return Boolean.TRUE.equals(issue);
    }

    /** How many sources were given; exactly one is valid. */
    public int sourceCount() {
        return (file == null ? 0 : 1) + (pem == null ? 0 : 1) + (issue == null ? 0 : 1);
    }

    /** A file copied from {@code path} on the box, installed where and as the server expects it by default. */
    public static TlsFileSpec fromFile(String path) {
        return builder().file(path).build();
    }

    /** A file the agent's CA issues, installed where and as the server expects it by default. */
    public static TlsFileSpec issuedByCa() {
        return builder().issue(true).build();
    }

    /** A file with no source until one is set on the builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sets a TLS file's source and installation; those never set take the server's defaults. */
    public static final class Builder {
        private String file;
        private String pem;
        private Boolean issue;
        private String destination;
        private String owner;
        private String group;
        private String mode;
        private PasswordSource passphrase;

        private Builder() {
        }

        public Builder file(String file) {
            this.file = file;
            return this;
        }

        public Builder pem(String pem) {
            this.pem = pem;
            return this;
        }

        public Builder issue(Boolean issue) {
            this.issue = issue;
            return this;
        }

        public Builder destination(String destination) {
            this.destination = destination;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder mode(String mode) {
            this.mode = mode;
            return this;
        }

        public Builder passphrase(PasswordSource passphrase) {
            this.passphrase = passphrase;
            return this;
        }

        public TlsFileSpec build() {
            return new TlsFileSpec(file, pem, issue, destination, owner, group, mode, passphrase);
        }
    }
}
