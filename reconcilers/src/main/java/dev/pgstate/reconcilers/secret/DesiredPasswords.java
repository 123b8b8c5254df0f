package dev.pgstate.reconcilers.secret;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The secrets a spec points at, once read: the desired password of every role whose spec manages one, by role name,
 * and the passphrase of the TLS key when it is encrypted.
 */
public record DesiredPasswords(Map<String, DesiredPassword> byRole, Optional<Secret> tlsKeyPassphrase) {

    /** For a spec that manages no password. */
    public static final DesiredPasswords NONE = new DesiredPasswords(Map.of());

    public DesiredPasswords {
        byRole = Map.copyOf(byRole);
        Objects.requireNonNull(tlsKeyPassphrase, "tlsKeyPassphrase");
    }

    /** Passwords only, for a spec without an encrypted TLS key. */
    public DesiredPasswords(Map<String, DesiredPassword> byRole) {
        this(byRole, Optional.empty());
    }

    public Optional<DesiredPassword> of(String role) {
        return Optional.ofNullable(byRole.get(role));
    }
}
