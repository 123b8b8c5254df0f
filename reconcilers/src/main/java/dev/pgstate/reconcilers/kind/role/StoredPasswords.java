package dev.pgstate.reconcilers.kind.role;

import java.util.HashMap;
import java.util.Map;

/**
 * Classifies the rolpassword values of one read of pg_authid ({@link StoredPassword#of}), reusing the classification
 * of a value read before when its text is exactly the same: parsing a SCRAM verifier (its shape and three base64
 * parts) was about half of what reading ten thousand roles cost the daemon each idle cycle, for values that had not
 * changed. Keyed by the whole stored text, so any change to a stored password (ALTER ROLE … PASSWORD, a new salt)
 * is parsed afresh. Only the values of the latest read are kept, nothing a role no longer has; they are the same
 * stored verifiers the read roles hold anyway, never a plaintext.
 */
final class StoredPasswords {

    /** The values the latest finished read classified, by their text; replaced whole, so reads may overlap. */
    private volatile Map<String, StoredPassword> lastRead = Map.of();

    /** One read of pg_authid: classify each value with {@link #of}, then {@link #finish}. */
    final class Read {

        private final Map<String, StoredPassword> before = lastRead;
        private final Map<String, StoredPassword> now = new HashMap<>();
        private boolean classified;

        /** The classification of {@code rolpassword} ({@code null}: no password), as {@link StoredPassword#of}. */
        StoredPassword of(String rolpassword) {
            classified = true;
            if (rolpassword == null) {
                return StoredPassword.NONE;
            }
            StoredPassword stored = before.get(rolpassword);
            if (stored == null) {
                stored = StoredPassword.of(rolpassword);
            }
            now.put(rolpassword, stored);
            return stored;
        }

        /**
         * Keeps this read's values for the next one, and forgets the rest; a read that classified nothing (its rows
         * were the ones read before, whole: {@code RememberedRows}) keeps the values before.
         */
        void finish() {
            if (classified) {
                lastRead = now;
            }
        }
    }

    Read read() {
        return new Read();
    }
}
