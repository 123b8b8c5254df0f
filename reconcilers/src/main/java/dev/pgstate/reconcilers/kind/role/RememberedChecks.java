package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.state.KeyedDirectory;
import dev.pgstate.reconcilers.secret.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcomes of the latest password checks, as fingerprints: a keyed MAC (SipHash-2-4, 128 bits, under a key
 * derived from a random one: {@link KeyedDirectory#checksMac}) of the role, the stored verifier, the plaintext and
 * the outcome. A fingerprint found again means that role, verifier and secret were checked before with that outcome;
 * anything changed (a rotated secret, a verifier re-set with a new salt, a role dropped and made again) gives another
 * fingerprint and a real check. Nothing else is kept: no plaintext, no verifier, and without the key a fingerprint
 * neither reveals nor tests a password. (With the key a guess costs one MAC, not a PBKDF2; but whoever can read the
 * key is the agent's user, who can read the secrets the agent reads anyway.)
 *
 * <p>In memory only, or also kept in the state directory so that the next process plans without a PBKDF2 for what
 * has not changed: under the directory's key ({@link KeyedDirectory}), the fingerprints in {@value #CHECKS_FILE},
 * 0600, owned by the agent's user, written atomically. The fingerprints file ends with a MAC of all that precedes
 * it under the same key, so a file that is truncated, edited, made under another key, of another form (its first
 * line, which the launcher reads too), or that is not the agent's own (owner, mode, a link, not a regular file) is
 * ignored and replaced, never trusted: it only ever costs real checks.
 */
public final class RememberedChecks {

    public static final String CHECKS_FILE = "password-checks";

    private static final Logger LOG = LoggerFactory.getLogger(RememberedChecks.class);
    private static final String HEADER = "pgstate password checks 2";
    private static final byte MATCHED = 1;
    private static final byte DIFFERS = 0;

    private final KeyedDirectory state;
    private Set<ByteBuffer> fingerprints;
    /**
     * What the state directory holds, as read or last written; a {@link #keep} of the same writes nothing. Empty when
     * it holds no file of ours: then even a keep of nothing writes one, the launcher's sign that the next plan or apply
     * needs no PBKDF2 for what is unchanged (it gives those the quick JIT).
     */
    private Optional<Set<ByteBuffer>> kept;

    /** @param kept a set no one else holds on to, kept as it is: copying 10,000 fingerprints costs a plan under C1 */
    private RememberedChecks(KeyedDirectory state, Optional<Set<ByteBuffer>> kept) {
        this.state = state;
        this.fingerprints = new HashSet<>(kept.orElse(Set.of()));
        this.kept = kept.map(Collections::unmodifiableSet);
    }

    /** Kept for this object's life only, under a key made now. */
    public static RememberedChecks inMemory() {
        return new RememberedChecks(KeyedDirectory.inMemory(), Optional.empty());
    }

    /**
     * Read from the {@code state} directory when its files are the agent's own and intact, else empty (a missing,
     * foreign, damaged or tampered file only costs real checks, and is replaced by the next {@link #keep}).
     */
    public static RememberedChecks in(KeyedDirectory state) {
        return new RememberedChecks(state, state.directory().filter(dir -> !state.keyUnsaved())
                .flatMap(dir -> readFingerprints(dir.resolve(CHECKS_FILE), state)));
    }

    /** An outcome remembered, with the fingerprint that remembers it (for the next {@link #keep}). */
    record Known(boolean matched, ByteBuffer fingerprint) {
    }

    /**
     * The outcome remembered for this role, verifier and secret, if any. Threads may ask at once: the fingerprints (a
     * MAC each) are taken outside the lock, and none when nothing is remembered (a first plan).
     */
    Optional<Known> known(String role, Secret plaintext, ScramVerifier stored) {
        if (remembersNothing()) {
            return Optional.empty();
        }
        ByteBuffer matched = fingerprint(role, plaintext, stored, MATCHED);
        if (remembers(matched)) {
            return Optional.of(new Known(true, matched));
        }
        ByteBuffer differs = fingerprint(role, plaintext, stored, DIFFERS);
        return remembers(differs) ? Optional.of(new Known(false, differs)) : Optional.empty();
    }

    private synchronized boolean remembersNothing() {
        return fingerprints.isEmpty();
    }

    private synchronized boolean remembers(ByteBuffer fingerprint) {
        return fingerprints.contains(fingerprint);
    }

    /** The fingerprint that remembers this check's outcome, for {@link #keep}. */
    ByteBuffer fingerprint(String role, Secret plaintext, ScramVerifier stored, boolean matched) {
        return fingerprint(role, plaintext, stored, matched ? MATCHED : DIFFERS);
    }

    /** Adds one outcome to what is remembered now (the applier made this verifier from this secret). */
    synchronized void add(ByteBuffer fingerprint) {
        fingerprints.add(fingerprint);
    }

    /**
     * Remembers exactly {@code latest} from now on, and writes them to the state directory when they differ from
     * what is there. A write that fails is logged and forgotten: the plan stands, the next one checks again.
     */
    synchronized void keep(Set<ByteBuffer> latest) {
        fingerprints = new HashSet<>(latest);
        if (state.directory().isEmpty() || (kept.filter(latest::equals).isPresent() && !state.keyUnsaved())) {
            return;
        }
        try {
            state.writeOwn(CHECKS_FILE, render(fingerprints));
            kept = Optional.of(Set.copyOf(fingerprints));
        } catch (IOException e) {
            LOG.warn("event=password_checks_not_kept directory={} problem={}", state.directory().get(),
                    e.getMessage());
        }
    }

    /** The header, one base64 fingerprint a line in a stable order, sealed under the key. */
    private byte[] render(Set<ByteBuffer> latest) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        latest.stream().map(fingerprint -> Base64.getEncoder().encodeToString(bytes(fingerprint))).sorted()
                .forEach(line -> text.append(line).append('\n'));
        return KeyedDirectory.sealed(text.toString(), state.checksMac());
    }

    private static Optional<Set<ByteBuffer>> readFingerprints(Path file, KeyedDirectory state) {
        return KeyedDirectory.readOwn(file).flatMap(text -> KeyedDirectory.trusted(file,
                KeyedDirectory.unsealed(text, state.checksMac()).flatMap(RememberedChecks::parseFingerprints),
                "not sealed by the key beside it"));
    }

    /** The fingerprints of a sealed body; empty when it is not one. */
    private static Optional<Set<ByteBuffer>> parseFingerprints(String body) {
        if (!body.startsWith(HEADER + "\n")) {
            return Optional.empty();
        }
        try {
            Set<ByteBuffer> fingerprints = new HashSet<>();
            for (String line : body.lines().skip(1).toList()) {
                fingerprints.add(ByteBuffer.wrap(Base64.getDecoder().decode(line)));
            }
            return Optional.of(fingerprints);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /**
     * The MAC over the length and UTF-8 bytes of the role's name, the verifier (ASCII, never a zero byte), a zero
     * byte, the plaintext's UTF-16 code units, a zero byte and the outcome: each part is delimited, so no two inputs
     * give the same bytes. The message, which holds the plaintext, is cleared after.
     */
    private ByteBuffer fingerprint(String role, Secret plaintext, ScramVerifier stored, byte outcome) {
        char[] chars = plaintext.chars();
        byte[] name = role.getBytes(StandardCharsets.UTF_8);
        byte[] verifier = stored.text().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer message = ByteBuffer.allocate(4 + name.length + verifier.length + 1 + 2 * chars.length + 2);
        try {
            message.putInt(name.length).put(name).put(verifier).put((byte) 0);
            for (char c : chars) {
                message.putChar(c);
            }
            message.put((byte) 0).put(outcome);
            return ByteBuffer.wrap(state.checksMac().mac(message.array()));
        } finally {
            Arrays.fill(message.array(), (byte) 0);
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
