package dev.pgstate.reconcilers.secret;

import java.util.Map;
import java.util.Optional;

/** The desired password of every role whose spec manages one, by role name. */
public record DesiredPasswords(Map<String, DesiredPassword> byRole) {

    /** For a spec that manages no password. */
    public static final DesiredPasswords NONE = new DesiredPasswords(Map.of());

    public DesiredPasswords {
        byRole = Map.copyOf(byRole);
    }

    public Optional<DesiredPassword> of(String role) {
        return Optional.ofNullable(byRole.get(role));
    }
}
