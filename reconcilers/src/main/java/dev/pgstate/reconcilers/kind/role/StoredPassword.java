package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.ScramVerifier;
import java.util.Objects;
import java.util.Optional;

/**
 * What pg_authid.rolpassword holds for a role, as far as the agent can tell. Only superusers can read it; for
 * anyone else it is {@link Form#UNREADABLE}. A SCRAM verifier is kept to check a desired password against; an md5
 * hash is not kept at all, since the agent never sets one and only needs to know it is there.
 */
public record StoredPassword(Form form, Optional<ScramVerifier> scram) {

    /** The kinds of value rolpassword can hold since PostgreSQL 10. */
    public enum Form { UNREADABLE, NONE, SCRAM, MD5, UNRECOGNIZED }

    public static final StoredPassword UNREADABLE = new StoredPassword(Form.UNREADABLE, Optional.empty());
    public static final StoredPassword NONE = new StoredPassword(Form.NONE, Optional.empty());

    public StoredPassword {
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(scram, "scram");
    }

    /** Classifies a rolpassword value read from pg_authid ({@code null}: the role has no password). */
    public static StoredPassword of(String rolpassword) {
        if (rolpassword == null) {
            return NONE;
        }
        Optional<ScramVerifier> scram = ScramVerifier.parse(rolpassword);
        if (scram.isPresent()) {
            return new StoredPassword(Form.SCRAM, scram);
        }
        // 'md5' followed by 32 hex digits; anything else (e.g. a plaintext stored before PostgreSQL 10) is unknown
        return new StoredPassword(rolpassword.matches("md5[0-9a-f]{32}") ? Form.MD5 : Form.UNRECOGNIZED,
                Optional.empty());
    }
}
