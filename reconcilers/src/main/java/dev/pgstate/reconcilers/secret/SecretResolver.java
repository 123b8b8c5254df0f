package dev.pgstate.reconcilers.secret;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.files.FileTrust.FileStamp;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.PasswordSource.External;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the passwords a spec points at, once per plan. Its inputs are the environment and the systemd credentials
 * directory rather than the process's own, so tests (and a daemon) choose what it sees. Every problem is collected
 * and reported together; messages name where a secret was looked for, never what was found there.
 *
 * <p>A secret file is judged (owner, mode, the directories above it) on every call, but read again only when its
 * {@link FileStamp} differs from the one it was last read under: the daemon's idle cycles then cost one look at each
 * file's attributes, not a read, and hand the planner the same {@link Secret} as before, whose password check it
 * remembers without a fingerprint ({@code PasswordVerdicts}). The secrets so kept stay in memory between calls, where
 * every call held them anyway.
 */
public final class SecretResolver {

    /** Set by systemd for a unit with LoadCredential= or SetCredential=. */
    public static final String CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY";

    /**
     * How long before a file's read its last change must lie for the content to be kept: a write in the same tick of
     * the file system's clock as the read would leave the stamp as it was (git's "racily clean" files); no file
     * system the agent runs on counts its times in steps this long.
     */
    private static final Duration SETTLED = Duration.ofSeconds(2);

    private final Map<String, String> environment;
    private final Optional<Path> credentialsDirectory;
    private final Clock clock;
    private final FileTrust trust = FileTrust.ofThisProcess();
    /** The secret files the last call read, by path as the spec writes it, with the stamp each was read under. */
    private volatile Map<String, FileSecret> lastRead = Map.of();
    /**
     * What the last call resolved, given again while every password and the passphrase are equal to it: a daemon's
     * planner then tells its idle inputs unchanged by identity (at 10,000 roles a copy and a comparison of the map
     * each cycle).
     */
    private volatile DesiredPasswords lastResolved = DesiredPasswords.NONE;
    /**
     * The secrets that stay as they are for the process's life, each made once, by origin and reference: the
     * environment's variables, and systemd's credentials, which it makes "immutable during the service runtime". The
     * same secret is then given each call, as an unchanged file's is, and an idle daemon's inputs stay equal.
     */
    private final Map<FixedSourceName, Secret> fixedForLife = new ConcurrentHashMap<>();

    /** Where a secret fixed for the process's life comes from; the key it is kept under. */
    private record FixedSourceName(PasswordSource.Origin origin, String reference) {
    }

    /** A secret file's content and the version of the file it was read from. */
    private record FileSecret(FileStamp stamp, Secret secret) {
    }

    public SecretResolver(Map<String, String> environment, Optional<Path> credentialsDirectory) {
        this(environment, credentialsDirectory, Clock.systemUTC());
    }

    /** @param clock what a file's last change is compared with (tests make every file settled with one) */
    SecretResolver(Map<String, String> environment, Optional<Path> credentialsDirectory, Clock clock) {
        this.environment = Map.copyOf(environment);
        this.credentialsDirectory = credentialsDirectory;
        this.clock = clock;
    }

    /** Secrets from {@code environment}, credentials from the directory its CREDENTIALS_DIRECTORY names. */
    public static SecretResolver fromEnvironment(Map<String, String> environment) {
        return new SecretResolver(environment, Optional.ofNullable(environment.get(CREDENTIALS_DIRECTORY))
                .filter(directory -> !directory.isEmpty()).map(Path::of));
    }

    /**
     * The roles' passwords and the TLS key's passphrase.
     *
     * @throws SecretException listing every secret that is missing, empty or not private
     */
    public DesiredPasswords resolve(Spec spec) {
        // the directories above a thousand secret files in one directory are looked at once per call, never longer
        FileTrust thisPass = trust.checkingDirectoriesOnce();
        // sized for every role at once (the default load factor): ten thousand secrets grew each map a dozen times
        int capacity = spec.roles().size() * 4 / 3 + 1;
        Map<String, FileSecret> readNow = new HashMap<>(capacity);
        Map<String, DesiredPassword> passwords = new HashMap<>(capacity);
        List<String> problems = new ArrayList<>();
        for (RoleSpec role : spec.roles()) {
            PasswordSource source = role.password();
            if (source == null || role.state() == State.ABSENT) {
                continue;
            }
            try {
                passwords.put(role.name(), desired(source, thisPass, readNow));
            } catch (Unusable e) {
                problems.add("role \"" + role.name() + "\": password from " + ((External) source).describe() + ": "
                        + e.getMessage());
            }
        }
        Optional<Secret> keyPassphrase = Optional.empty();
        if (spec.tls() != null && spec.tls().key() != null
                && spec.tls().key().passphrase() instanceof External external) {
            try {
                keyPassphrase = Optional.of(secret(external, thisPass, readNow));
            } catch (Unusable e) {
                problems.add("tls.key: passphrase from " + external.describe() + ": " + e.getMessage());
            }
        }
        lastRead = readNow; // files the spec no longer names are forgotten
        if (!problems.isEmpty()) {
            throw new SecretException(problems);
        }
        DesiredPasswords before = lastResolved;
        if (before.byRole().equals(passwords) && before.tlsKeyPassphrase().equals(keyPassphrase)) {
            return before;
        }
        DesiredPasswords resolved = new DesiredPasswords(passwords, keyPassphrase);
        lastResolved = resolved;
        return resolved;
    }

    private DesiredPassword desired(PasswordSource source, FileTrust trust, Map<String, FileSecret> readNow)
            throws Unusable {
        if (source instanceof PasswordSource.None) {
            return new DesiredPassword.None();
        }
        if (source instanceof PasswordSource.Verifier verifier) {
            return new DesiredPassword.Verifier(verifier.verifier());
        }
        External external = (External) source;
        return new DesiredPassword.Plaintext(secret(external, trust, readNow), external.iterationsOrDefault());
    }

    /** The secret an external source holds; never empty. */
    private Secret secret(External external, FileTrust trust, Map<String, FileSecret> readNow) throws Unusable {
        return switch (external.origin()) {
            case ENV -> fixedForLife(external, () -> {
                String value = environment.get(external.reference());
                if (value == null) {
                    throw new Unusable("the variable is not set");
                }
                return value.toCharArray();
            });
            case FILE -> fileSecret(external.reference(), trust, readNow);
            // systemd keeps the credentials directory private to the service, so its modes are not ours to judge
            case CREDENTIAL -> fixedForLife(external, () -> readFile(credentialsDirectory.orElseThrow(() ->
                    new Unusable("$" + CREDENTIALS_DIRECTORY + " is not set (systemd sets it for a service with "
                            + "LoadCredential= or SetCredential=)")).resolve(external.reference())));
        };
    }

    /** What a source that never changes while this process runs holds. */
    private interface FixedSource {
        char[] read() throws Unusable;
    }

    private Secret fixedForLife(External external, FixedSource source) throws Unusable {
        FixedSourceName key = new FixedSourceName(external.origin(), external.reference());
        Secret made = fixedForLife.get(key);
        if (made != null) {
            return made;
        }
        Secret secret = nonEmpty(source.read());
        fixedForLife.put(key, secret);
        return secret;
    }

    /**
     * The secret in a file the agent may obey: the one read before when the file's stamp is the same, else read now,
     * and kept for the next call when its last change is {@link #SETTLED}.
     */
    private Secret fileSecret(String reference, FileTrust trust, Map<String, FileSecret> readNow) throws Unusable {
        try {
            return judgedFileSecret(reference, trust, readNow);
        } catch (NoSuchFileException vanished) {
            // the file judged went between the look and the read (a link moved on, as a Kubernetes secret volume's
            // does, and the old file was removed): the file the reference names now is judged in its turn
            try {
                return judgedFileSecret(reference, trust, readNow);
            } catch (NoSuchFileException again) {
                throw new Unusable("no such file");
            }
        }
    }

    private Secret judgedFileSecret(String reference, FileTrust trust, Map<String, FileSecret> readNow)
            throws Unusable, NoSuchFileException {
        Instant judgedAt = clock.instant();
        FileTrust.FileJudgement judgement = trust.judgeFile(Path.of(reference), FileTrust.Readers.OWNER_ONLY);
        if (judgement.problem().isPresent()) {
            throw new Unusable(judgement.problem().get());
        }
        FileStamp stamp = judgement.stamp().orElseThrow();
        FileSecret before = lastRead.get(reference);
        if (before != null && before.stamp().equals(stamp)) {
            readNow.put(reference, before);
            return before.secret();
        }
        // read after the stamp, from the very file stamped (a link in the reference may point elsewhere by now): a
        // write in between gives the next call another stamp, never a stale secret
        Secret secret = nonEmpty(readDecoded(stamp.path()));
        if (stamp.settledBefore(judgedAt.minus(SETTLED))) {
            readNow.put(reference, new FileSecret(stamp, secret));
        }
        return secret;
    }

    /** {@code plaintext} as a secret, which is cleared here. */
    private static Secret nonEmpty(char[] plaintext) throws Unusable {
        try {
            if (plaintext.length == 0) {
                throw new Unusable("is empty");
            }
            return Secret.of(plaintext);
        } finally {
            Arrays.fill(plaintext, '\0');
        }
    }

    /** The file's text as UTF-8, without one trailing line end: {@code echo secret > file} means "secret". */
    private static char[] readFile(Path file) throws Unusable {
        try {
            return readDecoded(file);
        } catch (NoSuchFileException e) {
            throw new Unusable("no such file");
        }
    }

    /** Like {@link #readFile}, but a file that is gone is told apart, for the caller to judge the reference again. */
    private static char[] readDecoded(Path file) throws Unusable, NoSuchFileException {
        try {
            return decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new Unusable("cannot read it: " + e.getClass().getSimpleName());
        }
    }

    /** {@code bytes} as UTF-8 text without one trailing line end; the bytes are cleared. */
    private static char[] decode(byte[] bytes) throws Unusable {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            int end = text.limit();
            if (end > 0 && text.get(end - 1) == '\n') {
                end--;
                if (end > 0 && text.get(end - 1) == '\r') {
                    end--;
                }
            }
            char[] chars = new char[end];
            text.get(chars);
            Arrays.fill(text.array(), '\0');
            return chars;
        } catch (CharacterCodingException e) {
            throw new Unusable("the file is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Why one secret cannot be used; collected into a {@link SecretException}. */
    private static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }
}
