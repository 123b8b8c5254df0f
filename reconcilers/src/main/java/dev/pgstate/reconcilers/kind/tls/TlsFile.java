package dev.pgstate.reconcilers.kind.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file as the server should read it: its content (PEM text) and who owns it with which mode.
 *
 * @param owner user name; {@code group} null: the data directory's group
 * @param mode  octal, e.g. {@code 0600}
 */
public record TlsFile(TlsFileRole role, Path path, String content, String owner, String group, String mode) {

    public TlsFile {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(mode, "mode");
    }

    /** Never the content: a key is secret, and a certificate is better named by its fingerprint. */
    @Override
    public String toString() {
        return "TlsFile[" + role + " " + path + ", owner " + owner + ", mode " + mode + "]";
    }
}
