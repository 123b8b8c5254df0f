package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.secret.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcomes of the latest password checks, as fingerprints: an HMAC-SHA-256, under a random key, of the role,
 * the stored verifier, the plaintext and the outcome. A fingerprint found again means that role, verifier and
 * secret were checked before with that outcome; anything changed (a rotated secret, a verifier re-set with a new
 * salt, a role dropped and made again) gives another fingerprint and a real check. Nothing else is kept: no
 * plaintext, no verifier, and without the key a fingerprint neither reveals nor tests a password. (With the key a
 * guess costs one HMAC, not a PBKDF2; but whoever can read the key is the agent's user, who can read the secrets the
 * agent reads anyway.)
 *
 * <p>In memory only, or also kept in the state directory so that the next process plans without a PBKDF2 for what
 * has not changed: the key in {@value #KEY_FILE} and the fingerprints in {@value #CHECKS_FILE}, both 0600, owned by
 * the agent's user, in a directory of mode 0700 or 0750, written atomically. The fingerprints file ends with an HMAC
 * of all that precedes it under the same key, so a file that is truncated, edited, made under another key, or that
 * is not the agent's own (owner, mode, a link, not a regular file) is ignored and replaced, never trusted: it only
 * ever costs real checks.
 */
public final class RememberedChecks {

    public static final String KEY_FILE = "password-checks.key";
    public static final String CHECKS_FILE = "password-checks";

    private static final Logger LOG = LoggerFactory.getLogger(RememberedChecks.class);
    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final String HEADER = "pgstate password checks 1";
    private static final String TRAILER = "end ";
    private static final int KEY_BYTES = 32;
    private static final byte MATCHED = 1;
    private static final byte DIFFERS = 0;

    private final Optional<Path> directory;
    private final SecretKeySpec key;
    /** Set up with {@link #key} once; see {@link #macForOneFingerprint}. */
    private final Mac keyed;
    /** Whether the key is yet to be written to the state directory (it is new). */
    private boolean keyUnsaved;
    private Set<ByteBuffer> fingerprints;
    /** What the state directory holds, as read or last written; a {@link #keep} of the same writes nothing. */
    private Set<ByteBuffer> kept;

    private RememberedChecks(Optional<Path> directory, SecretKeySpec key, boolean keyUnsaved,
                             Set<ByteBuffer> fingerprints) {
        this.directory = directory;
        this.key = key;
        this.keyed = mac(key);
        this.keyUnsaved = keyUnsaved;
        this.fingerprints = fingerprints;
        this.kept = Set.copyOf(fingerprints);
    }

    /** Kept for this object's life only, under a key made now. */
    public static RememberedChecks inMemory() {
        return new RememberedChecks(Optional.empty(), newKey(), false, new HashSet<>());
    }

    /**
     * Read from {@code stateDirectory} when its files are the agent's own and intact, else empty (a missing, foreign,
     * damaged or tampered file only costs real checks, and is replaced by the next {@link #keep}).
     *
     * @throws IOException when the directory cannot be made or is not private to the agent (as for the daemon's
     *                     report, a directory others may write is refused, never used)
     */
    public static RememberedChecks in(Path stateDirectory) throws IOException {
        FileTrust.ofThisProcess().ensurePrivateDirectory(stateDirectory);
        Optional<Path> directory = Optional.of(stateDirectory);
        Optional<SecretKeySpec> key = readKey(stateDirectory.resolve(KEY_FILE));
        if (key.isEmpty()) {
            return new RememberedChecks(directory, newKey(), true, new HashSet<>());
        }
        return new RememberedChecks(directory, key.get(), false,
                readFingerprints(stateDirectory.resolve(CHECKS_FILE), key.get()));
    }

    /** An outcome remembered, with the fingerprint that remembers it (for the next {@link #keep}). */
    record Known(boolean matched, ByteBuffer fingerprint) {
    }

    /** The outcome remembered for this role, verifier and secret, if any. */
    synchronized Optional<Known> known(String role, Secret plaintext, ScramVerifier stored) {
        ByteBuffer matched = fingerprint(role, plaintext, stored, MATCHED);
        if (fingerprints.contains(matched)) {
            return Optional.of(new Known(true, matched));
        }
        ByteBuffer differs = fingerprint(role, plaintext, stored, DIFFERS);
        return fingerprints.contains(differs) ? Optional.of(new Known(false, differs)) : Optional.empty();
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
        if (directory.isEmpty() || (latest.equals(kept) && !keyUnsaved)) {
            return;
        }
        Path dir = directory.get();
        try {
            saveKey(dir);
            AtomicFile.writeOwn(dir.resolve(CHECKS_FILE), render(fingerprints),
                    PosixFilePermissions.fromString("rw-------"));
            kept = Set.copyOf(fingerprints);
        } catch (IOException e) {
            LOG.warn("event=password_checks_not_kept directory={} problem={}", dir, e.getMessage());
        }
    }

    /**
     * A MAC under a key of this state directory's own for another use than password checks, named by
     * {@code purpose} (e.g. sealing saved plans): the key is derived from the directory's, so the two uses never
     * share a MAC, and it is the same for every process using the directory. The directory's key is written first
     * when it is new.
     *
     * @throws IOException when the checks are kept in memory only (another process would have another key), or the
     *                     key cannot be written
     */
    public synchronized Mac macFor(String purpose) throws IOException {
        if (directory.isEmpty()) {
            throw new IOException("no state directory: a key kept in memory only dies with this process");
        }
        saveKey(directory.get());
        byte[] derived = mac(key).doFinal(("pgstate " + purpose).getBytes(StandardCharsets.UTF_8));
        try {
            return mac(new SecretKeySpec(derived, MAC_ALGORITHM));
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    private void saveKey(Path dir) throws IOException {
        if (keyUnsaved) {
            AtomicFile.writeOwn(dir.resolve(KEY_FILE),
                    (Base64.getEncoder().encodeToString(key.getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII),
                    PosixFilePermissions.fromString("rw-------"));
            keyUnsaved = false;
        }
    }

    /** The header, one base64 fingerprint a line in a stable order, and the HMAC of all that under the key. */
    private byte[] render(Set<ByteBuffer> latest) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        latest.stream().map(fingerprint -> Base64.getEncoder().encodeToString(bytes(fingerprint))).sorted()
                .forEach(line -> text.append(line).append('\n'));
        byte[] body = text.toString().getBytes(StandardCharsets.US_ASCII);
        String seal = Base64.getEncoder().encodeToString(mac(key).doFinal(body));
        return (text + TRAILER + seal + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static Optional<SecretKeySpec> readKey(Path file) {
        return readOwn(file).flatMap(text -> trusted(file, parseKey(text), "no key of " + KEY_BYTES + " bytes"));
    }

    private static Optional<SecretKeySpec> parseKey(String text) {
        try {
            byte[] key = Base64.getDecoder().decode(text.strip());
            return key.length == KEY_BYTES ? Optional.of(new SecretKeySpec(key, MAC_ALGORITHM)) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static Set<ByteBuffer> readFingerprints(Path file, SecretKeySpec key) {
        return readOwn(file).flatMap(text -> trusted(file, parseFingerprints(text, key),
                "not sealed by the key beside it")).orElseGet(HashSet::new);
    }

    /** The fingerprints of a text that is whole and sealed by {@code key}; empty for any other. */
    private static Optional<Set<ByteBuffer>> parseFingerprints(String text, SecretKeySpec key) {
        int trailer = text.lastIndexOf('\n' + TRAILER);
        if (!text.startsWith(HEADER + "\n") || trailer < 0 || !text.endsWith("\n")) {
            return Optional.empty();
        }
        byte[] body = text.substring(0, trailer + 1).getBytes(StandardCharsets.US_ASCII);
        try {
            byte[] seal = Base64.getDecoder().decode(text.substring(trailer + 1 + TRAILER.length()).strip());
            if (!MessageDigest.isEqual(seal, mac(key).doFinal(body))) {
                return Optional.empty();
            }
            Set<ByteBuffer> fingerprints = new HashSet<>();
            for (String line : text.substring(0, trailer).lines().skip(1).toList()) {
                fingerprints.add(ByteBuffer.wrap(Base64.getDecoder().decode(line)));
            }
            return Optional.of(fingerprints);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static <T> Optional<T> trusted(Path file, Optional<T> parsed, String otherwise) {
        if (parsed.isEmpty()) {
            LOG.warn("event=password_checks_ignored file={} problem=\"{}\"", file, otherwise);
        }
        return parsed;
    }

    /** The file's text when it is a regular file of the agent's own, readable and writable by it alone. */
    private static Optional<String> readOwn(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Optional<String> problem = FileTrust.ofThisProcess().fileProblem(file, FileTrust.Readers.OWNER_ONLY);
        if (problem.isPresent() || Files.isSymbolicLink(file)) {
            LOG.warn("event=password_checks_ignored file={} problem=\"{}\"", file,
                    problem.orElse(file + " is a symbolic link"));
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.warn("event=password_checks_ignored file={} problem=\"{}\"", file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * HMAC over the length and UTF-8 bytes of the role's name, the verifier (ASCII, never a zero byte), a zero byte,
     * the plaintext's UTF-16 code units, a zero byte and the outcome: each part is delimited, so no two inputs give
     * the same bytes.
     */
    private ByteBuffer fingerprint(String role, Secret plaintext, ScramVerifier stored, byte outcome) {
        char[] chars = plaintext.chars();
        try {
            Mac mac = macForOneFingerprint();
            byte[] name = role.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
            mac.update(name);
            mac.update(stored.text().getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            for (char c : chars) {
                mac.update((byte) (c >>> 8));
                mac.update((byte) c);
            }
            mac.update((byte) 0);
            mac.update(outcome);
            return ByteBuffer.wrap(mac.doFinal());
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * A Mac of its own per fingerprint, since a Mac is not thread-safe: a clone of one set up with the key, which
     * costs far less than looking the algorithm up and setting up the key again (a daemon takes a fingerprint per
     * password every cycle).
     */
    private Mac macForOneFingerprint() {
        try {
            return (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            return mac(key);
        }
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + MAC_ALGORITHM, e);
        }
    }

    private static SecretKeySpec newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        SecretKeySpec key = new SecretKeySpec(bytes, MAC_ALGORITHM);
        Arrays.fill(bytes, (byte) 0); // SecretKeySpec keeps its own copy
        return key;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
