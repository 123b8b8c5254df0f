package dev.pgstate.reconcilers.core.state;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.secret.HmacSha256;
import dev.pgstate.reconcilers.secret.KeyedMac;
import dev.pgstate.reconcilers.secret.SipHash128Mac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state directory and its key: a directory of mode 0700 or 0750 owned by the agent's user, holding a random
 * 256-bit HMAC-SHA-256 key in {@value #KEY_FILE} (base64, 0600, written atomically). A key file that is not the
 * agent's own (owner, mode, a link, not a regular file) or not a key is ignored, never trusted, and replaced by a new
 * key when one is next written: it only ever costs what was sealed under the old one. Or, with no directory, a key
 * made now that dies with this process.
 *
 * <p>Every use takes a key derived from it by HMAC-SHA-256 ({@link #checksMac}, {@link #macFor}, {@link
 * #quickMacFor}), so no two uses share a MAC.
 */
public final class KeyedDirectory {

    /** Named after its first use; the name stays so that existing state directories keep their key. */
    public static final String KEY_FILE = "password-checks.key";

    private static final Logger LOG = LoggerFactory.getLogger(KeyedDirectory.class);
    private static final int KEY_BYTES = 32;
    /** What the last line of a sealed file starts with. */
    private static final String SEAL = "end ";

    private final Optional<Path> directory;
    /**
     * Null until first needed when there is none to read: a command that never fingerprints a password check (a plan
     * whose checks are all remembered) then never seeds a random generator (about 7 ms of its start).
     */
    private byte[] key;
    /** The MAC under {@link #key}, set up once: it is never changed after, so every user and thread shares it. */
    private HmacSha256 mac;
    private KeyedMac checksMac;
    /** Whether the key is yet to be written to the directory (it is new). */
    private boolean keyUnsaved;

    private KeyedDirectory(Optional<Path> directory, byte[] key, boolean keyUnsaved) {
        this.directory = directory;
        this.key = key;
        this.keyUnsaved = keyUnsaved;
    }

    /** No directory: a key made when first needed, for this process only. */
    public static KeyedDirectory inMemory() {
        return new KeyedDirectory(Optional.empty(), null, false);
    }

    /**
     * The directory, made private to the agent when it is missing, with the key it holds when that is the agent's own
     * and intact, else a new key, written with the first file kept there.
     *
     * @throws IOException when the directory cannot be made or is not private to the agent (as for the daemon's
     *                     report, a directory others may write is refused, never used)
     */
    public static KeyedDirectory in(Path stateDirectory) throws IOException {
        FileTrust.ofThisProcess().ensurePrivateDirectory(stateDirectory);
        Optional<byte[]> key = readKey(stateDirectory.resolve(KEY_FILE));
        return new KeyedDirectory(Optional.of(stateDirectory), key.orElse(null), key.isEmpty());
    }

    /** The directory; empty when the key is kept in memory only. */
    public Optional<Path> directory() {
        return directory;
    }

    /** Whether the key is new and not written yet: nothing in the directory can be sealed under it. */
    public synchronized boolean keyUnsaved() {
        return keyUnsaved;
    }

    /** The HMAC under the directory's key itself, which every other key is derived from; threads may share it. */
    private synchronized HmacSha256 mac() {
        if (mac == null) {
            mac = new HmacSha256(key());
        }
        return mac;
    }

    /**
     * The remembered password checks' MAC, a {@link SipHash128Mac} under a key derived from the directory's: it
     * fingerprints every login role in every plan (at 10,000 roles HMAC-SHA-256 under the launcher's C1, with no SHA
     * instructions, cost about a tenth of a second). The same object each call, which threads may share; for a key
     * kept in memory too.
     */
    public synchronized KeyedMac checksMac() {
        if (checksMac == null) {
            checksMac = derived("password checks", SipHash128Mac::new);
        }
        return checksMac;
    }

    /**
     * A MAC under a key of this state directory's own for another use than password checks, named by
     * {@code purpose} (e.g. sealing saved plans): the key is derived from the directory's, so the two uses never
     * share a MAC, and it is the same for every process using the directory. The directory's key is written first
     * when it is new.
     *
     * @throws IOException when the key is kept in memory only (another process would have another key), or cannot
     *                     be written
     */
    public synchronized HmacSha256 macFor(String purpose) throws IOException {
        return keyedFor(purpose, HmacSha256::new);
    }

    /**
     * Like {@link #macFor}, a {@link SipHash128Mac}: for files of megabytes a command reads whole (the kept spec),
     * which HMAC-SHA-256 hashes several times slower under the launcher's C1.
     */
    public synchronized KeyedMac quickMacFor(String purpose) throws IOException {
        return keyedFor(purpose, SipHash128Mac::new);
    }

    /**
     * {@code made} of a key for {@code purpose} derived from the directory's (which is written first when it is new),
     * the derived key cleared after.
     */
    private <T> T keyedFor(String purpose, Function<byte[], T> made) throws IOException {
        if (directory.isEmpty()) {
            throw new IOException("no state directory: a key kept in memory only dies with this process");
        }
        saveKey(directory.get());
        return derived(purpose, made);
    }

    /** {@code made} of a key for {@code purpose} derived from the directory's, the derived key cleared after. */
    private <T> T derived(String purpose, Function<byte[], T> made) {
        byte[] derived = mac().mac(("pgstate " + purpose).getBytes(StandardCharsets.UTF_8));
        try {
            return made.apply(derived);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * Writes {@code content} atomically to the file {@code name} of the directory, 0600 and owned by the agent's user,
     * after the key when that is new (so what the file seals under the key can be checked by the next process).
     *
     * @throws IOException when the key is kept in memory only, or a file cannot be written
     */
    public synchronized void writeOwn(String name, byte[] content) throws IOException {
        if (directory.isEmpty()) {
            throw new IOException("no state directory to keep " + name + " in");
        }
        saveKey(directory.get());
        AtomicFile.writeOwn(directory.get().resolve(name), content, PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * The text of {@code file} when it is a regular file of the agent's own, readable and writable by it alone; else
     * empty, and the reason logged.
     */
    public static Optional<String> readOwn(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        // a link first: judging the file it leads to would advise a chmod of a file that is not the agent's
        if (Files.isSymbolicLink(file)) {
            logIgnored(file, file + " is a symbolic link, which the agent replaces with a file of its own when it next "
                    + "writes");
            return Optional.empty();
        }
        Optional<String> problem = FileTrust.ofThisProcess().fileProblem(file, FileTrust.Readers.OWNER_ONLY);
        if (problem.isPresent()) {
            logIgnored(file, problem.get());
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            logIgnored(file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * {@code parsed}, what was made of a file's text, or when that is empty, empty with {@code otherwise} logged as
     * the reason the file is not trusted.
     */
    public static <T> Optional<T> trusted(Path file, Optional<T> parsed, String otherwise) {
        if (parsed.isEmpty()) {
            logIgnored(file, otherwise);
        }
        return parsed;
    }

    /**
     * {@code body} (ASCII text ending in a line break) followed by its seal, the line {@code end <base64 MAC of the
     * body under mac>}: the form of every file the directory seals.
     */
    public static byte[] sealed(String body, KeyedMac mac) {
        String seal = Base64.getEncoder().encodeToString(mac.mac(body.getBytes(StandardCharsets.US_ASCII)));
        return (body + SEAL + seal + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The body of a {@link #sealed} text when it is whole and sealed under {@code mac}; empty for any other text. */
    public static Optional<String> unsealed(String text, KeyedMac mac) {
        int seal = text.lastIndexOf('\n' + SEAL);
        if (seal < 0 || !text.endsWith("\n")) {
            return Optional.empty();
        }
        String body = text.substring(0, seal + 1);
        try {
            byte[] given = Base64.getDecoder().decode(text.substring(seal + 1 + SEAL.length()).strip());
            return MessageDigest.isEqual(given, mac.mac(body.getBytes(StandardCharsets.US_ASCII)))
                    ? Optional.of(body) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** The event keeps the name it had when the password checks' were the directory's only files. */
    private static void logIgnored(Path file, String problem) {
        LOG.warn("event=password_checks_ignored file={} problem=\"{}\"", file, problem);
    }

    private void saveKey(Path dir) throws IOException {
        if (keyUnsaved) {
            AtomicFile.writeOwn(dir.resolve(KEY_FILE),
                    (Base64.getEncoder().encodeToString(key()) + "\n").getBytes(StandardCharsets.US_ASCII),
                    PosixFilePermissions.fromString("rw-------"));
            keyUnsaved = false;
        }
    }

    private static Optional<byte[]> readKey(Path file) {
        return readOwn(file).flatMap(text -> trusted(file, parseKey(text), "no key of " + KEY_BYTES + " bytes"));
    }

    private static Optional<byte[]> parseKey(String text) {
        try {
            byte[] key = Base64.getDecoder().decode(text.strip());
            return key.length == KEY_BYTES ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private synchronized byte[] key() {
        if (key == null) {
            key = newKey();
        }
        return key;
    }

    private static byte[] newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
