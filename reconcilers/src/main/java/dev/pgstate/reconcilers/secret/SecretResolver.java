package dev.pgstate.reconcilers.secret;

import dev.pgstate.model.files.FileTrust;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the passwords a spec points at, once per plan. Its inputs are the environment and the systemd credentials
 * directory rather than the process's own, so tests (and a daemon) choose what it sees. Every problem is collected
 * and reported together; messages name where a secret was looked for, never what was found there.
 */
public final class SecretResolver {

    /** Set by systemd for a unit with LoadCredential= or SetCredential=. */
    public static final String CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY";

    private final Map<String, String> environment;
    private final Optional<Path> credentialsDirectory;
    private final FileTrust trust = FileTrust.ofThisProcess();

    public SecretResolver(Map<String, String> environment, Optional<Path> credentialsDirectory) {
        this.environment = Map.copyOf(environment);
        this.credentialsDirectory = credentialsDirectory;
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
        Map<String, DesiredPassword> passwords = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (RoleSpec role : spec.roles()) {
            PasswordSource source = role.password();
            if (source == null || role.state() == State.ABSENT) {
                continue;
            }
            try {
                passwords.put(role.name(), desired(source, thisPass));
            } catch (Unusable e) {
                problems.add("role \"" + role.name() + "\": password from " + ((External) source).describe() + ": "
                        + e.getMessage());
            }
        }
        Optional<Secret> keyPassphrase = Optional.empty();
        if (spec.tls() != null && spec.tls().key() != null
                && spec.tls().key().passphrase() instanceof External external) {
            try {
                keyPassphrase = Optional.of(secret(external, thisPass));
            } catch (Unusable e) {
                problems.add("tls.key: passphrase from " + external.describe() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new SecretException(problems);
        }
        return new DesiredPasswords(passwords, keyPassphrase);
    }

    private DesiredPassword desired(PasswordSource source, FileTrust trust) throws Unusable {
        if (source instanceof PasswordSource.None) {
            return new DesiredPassword.None();
        }
        if (source instanceof PasswordSource.Verifier verifier) {
            return new DesiredPassword.Verifier(verifier.verifier());
        }
        External external = (External) source;
        return new DesiredPassword.Plaintext(secret(external, trust), external.iterationsOrDefault());
    }

    /** The secret an external source holds; never empty. */
    private Secret secret(External external, FileTrust trust) throws Unusable {
        char[] plaintext = read(external, trust);
        try {
            if (plaintext.length == 0) {
                throw new Unusable("is empty");
            }
            return Secret.of(plaintext);
        } finally {
            Arrays.fill(plaintext, '\0');
        }
    }

    private char[] read(External external, FileTrust trust) throws Unusable {
        return switch (external.origin()) {
            case ENV -> {
                String value = environment.get(external.reference());
                if (value == null) {
                    throw new Unusable("the variable is not set");
                }
                yield value.toCharArray();
            }
            case FILE -> {
                Path file = Path.of(external.reference());
                requirePrivate(file, trust);
                yield readFile(file);
            }
            // systemd keeps the credentials directory private to the service, so its modes are not ours to judge
            case CREDENTIAL -> readFile(credentialsDirectory.orElseThrow(() -> new Unusable("$" + CREDENTIALS_DIRECTORY
                            + " is not set (systemd sets it for a service with LoadCredential= or SetCredential=)"))
                    .resolve(external.reference()));
        };
    }

    private static void requirePrivate(Path file, FileTrust trust) throws Unusable {
        Optional<String> problem = trust.fileProblem(file, FileTrust.Readers.OWNER_ONLY);
        if (problem.isPresent()) {
            throw new Unusable(problem.get());
        }
    }

    /** The file's text as UTF-8, without one trailing line end: {@code echo secret > file} means "secret". */
    private static char[] readFile(Path file) throws Unusable {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unusable("no such file");
        } catch (IOException e) {
            throw new Unusable("cannot read it: " + e.getClass().getSimpleName());
        }
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
