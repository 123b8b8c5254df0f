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
}
