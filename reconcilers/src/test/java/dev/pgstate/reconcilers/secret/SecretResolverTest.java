package dev.pgstate.reconcilers.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.PasswordSource.External;
import dev.pgstate.model.spec.PasswordSource.Origin;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets read from files, the environment and systemd credentials; problems say where, never what. */
class SecretResolverTest {

    /**
     * Longer than a tick of the file system's clock: the resolver's own clock is an hour ahead in these tests, so a
     * write in the tick of the first read is what they must not make.
     */
    private static final Duration SETTLED_IN_TESTS = Duration.ofMillis(50);

    @TempDir
    Path dir;

    @Test
    void readsEverySourceAndDropsOneTrailingLineEnd() throws IOException {
        Path file = secretFile("admin", "from a file\n", "rw-------");
        Path credentials = Files.createDirectory(dir.resolve("credentials"));
        Files.writeString(credentials.resolve("backup"), "from systemd\r\n");
        SecretResolver resolver = new SecretResolver(Map.of("IDBOX_PASSWORD", "from env\n"), Optional.of(credentials));

        DesiredPasswords passwords = resolver.resolve(spec(
                role("admin", new External(Origin.FILE, file.toString(), null)),
                role("idbox", new External(Origin.ENV, "IDBOX_PASSWORD", 8192)),
                role("backup", new External(Origin.CREDENTIAL, "backup", null)),
                role("postgres", new PasswordSource.None())));

        assertThat(plaintext(passwords, "admin")).isEqualTo("from a file");
        assertThat(plaintext(passwords, "idbox")).isEqualTo("from env\n");
        assertThat(plaintext(passwords, "backup")).isEqualTo("from systemd");
        assertThat(passwords.of("idbox").orElseThrow()).isEqualTo(new DesiredPassword.Plaintext(
                ((DesiredPassword.Plaintext) passwords.of("idbox").orElseThrow()).secret(), 8192));
        assertThat(passwords.of("postgres")).contains(new DesiredPassword.None());
        assertThat(passwords.toString()).doesNotContain("from");
    }

    @Test
    void refusesSecretsOthersCanReadAndReportsEveryProblemWithoutTheSecret() throws IOException {
        Path groupReadable = secretFile("admin", "hunter2", "rw-r-----");
        Path empty = secretFile("empty", "\n", "r--------");
        SecretResolver resolver = SecretResolver.fromEnvironment(Map.of());

        assertThatThrownBy(() -> resolver.resolve(spec(
                role("admin", new External(Origin.FILE, groupReadable.toString(), null)),
                role("empty", new External(Origin.FILE, empty.toString(), null)),
                role("gone", new External(Origin.FILE, dir.resolve("missing").toString(), null)),
                role("idbox", new External(Origin.ENV, "IDBOX_PASSWORD", null)),
                role("backup", new External(Origin.CREDENTIAL, "backup", null)))))
                .isInstanceOf(SecretException.class)
                .hasMessage(String.join("\n",
                        "role \"admin\": password from file " + groupReadable + ": " + groupReadable
                                + " is open to group or others (mode 0640); a secret file must be readable and"
                                + " writable by its owner only: chmod 600 " + groupReadable.toRealPath(),
                        "role \"empty\": password from file " + empty + ": is empty",
                        "role \"gone\": password from file " + dir.resolve("missing") + ": no such file: "
                                + dir.resolve("missing"),
                        "role \"idbox\": password from env IDBOX_PASSWORD: the variable is not set",
                        "role \"backup\": password from credential backup: $CREDENTIALS_DIRECTORY is not set"
                                + " (systemd sets it for a service with LoadCredential= or SetCredential=)"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void theCredentialsDirectoryComesFromTheEnvironmentItIsGiven() throws IOException {
        Path credentials = Files.createDirectory(dir.resolve("creds"));
        Files.writeString(credentials.resolve("idbox"), "s3cret");

        DesiredPasswords passwords = SecretResolver.fromEnvironment(Map.of("CREDENTIALS_DIRECTORY", credentials.toString()))
                .resolve(spec(role("idbox", new External(Origin.CREDENTIAL, "idbox", null))));

        assertThat(plaintext(passwords, "idbox")).isEqualTo("s3cret");
    }

    @Test
    void anUnchangedSecretFileGivesTheSameSecretWithoutBeingReadAgain() throws IOException {
        Path file = secretFile("admin", "hunter2", "rw-------");
        SecretResolver resolver = settled();
        Spec spec = adminFrom(file);

        DesiredPasswords resolved = resolver.resolve(spec);
        DesiredPasswords again = resolver.resolve(spec);

        // the very same passwords, so that a daemon's planner tells its inputs unchanged by identity
        assertThat(again).isSameAs(resolved);
        assertThat(secret(again, "admin")).isSameAs(secret(resolved, "admin"));
        assertThat(new String(secret(again, "admin").chars())).isEqualTo("hunter2");
        // another spec naming the same file gives equal passwords: the same again
        assertThat(resolver.resolve(adminFrom(file))).isSameAs(resolved);
        // a second role's password is another answer
        assertThat(resolver.resolve(spec(role("admin", new External(Origin.FILE, file.toString(), null)),
                role("app", new External(Origin.FILE, file.toString(), null)))).byRole()).hasSize(2);
    }

    @Test
    void aCredentialGivesTheSameSecretEachTime() throws IOException {
        // systemd's credentials are "immutable during the service runtime": read once, for the process's life
        Path credentials = Files.createDirectory(dir.resolve("credentials"));
        Files.writeString(credentials.resolve("backup"), "from systemd\n");
        SecretResolver resolver = new SecretResolver(Map.of(), Optional.of(credentials));
        Spec spec = spec(role("backup", new External(Origin.CREDENTIAL, "backup", null)));

        DesiredPasswords resolved = resolver.resolve(spec);

        assertThat(resolver.resolve(spec)).isSameAs(resolved);
        assertThat(plaintext(resolved, "backup")).isEqualTo("from systemd");
        assertThatThrownBy(() -> resolver.resolve(spec(role("other", new External(Origin.CREDENTIAL, "missing",
                null))))).isInstanceOf(SecretException.class).hasMessageContaining("no such file");
    }

    @Test
    void aVariableOfTheEnvironmentGivesTheSameSecretEachTime() {
        // the environment is the process's own, fixed at its start: a daemon's idle cycle finds nothing changed in it
        SecretResolver resolver = new SecretResolver(Map.of("IDBOX_PASSWORD", "s3cret", "OTHER", "other"),
                Optional.empty());
        Spec spec = spec(role("idbox", new External(Origin.ENV, "IDBOX_PASSWORD", null)));

        DesiredPasswords resolved = resolver.resolve(spec);

        assertThat(resolver.resolve(spec)).isSameAs(resolved);
        DesiredPasswords twoRoles = resolver.resolve(spec(
                role("idbox", new External(Origin.ENV, "IDBOX_PASSWORD", null)),
                role("app", new External(Origin.ENV, "OTHER", null))));
        assertThat(secret(twoRoles, "idbox")).isSameAs(secret(resolved, "idbox"));
        assertThat(plaintext(twoRoles, "app")).isEqualTo("other");
    }

    @Test
    void aSecretFileRewrittenInPlaceWithTheSameLengthOrReplacedIsReadAgain() throws Exception {
        Path file = secretFile("admin", "hunter2", "rw-------");
        SecretResolver resolver = resolvedOnce(file);
        Spec spec = adminFrom(file);

        Thread.sleep(SETTLED_IN_TESTS.toMillis());
        Files.writeString(file, "rotated");
        assertThat(plaintext(resolver.resolve(spec), "admin")).isEqualTo("rotated");

        Files.move(secretFile("admin.new", "renamed", "rw-------"), file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        assertThat(plaintext(resolver.resolve(spec), "admin")).isEqualTo("renamed");
    }

    /** A directory of secrets opened to others makes each file a problem: all are kept, twenty are listed. */
    @Test
    void aDirectoryOfManySecretsOpenedToOthersIsReportedInTwentyLinesAndACount() throws IOException {
        List<RoleSpec> roles = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Path file = secretFile("app" + i, "secret" + i, "rw-------");
            roles.add(role("app" + i, new External(Origin.FILE, file.toString(), null)));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        Spec spec = spec(roles.toArray(RoleSpec[]::new));

        assertThatThrownBy(() -> SecretResolver.fromEnvironment(Map.of()).resolve(spec))
                .isInstanceOfSatisfying(SecretException.class, refused -> {
                    assertThat(refused.problems()).hasSize(25)
                            .allSatisfy(problem -> assertThat(problem).contains("is writable by group or others"));
                    assertThat(refused.getMessage().lines()).hasSize(21).startsWith(refused.problems().get(0))
                            .endsWith("(and 5 more secrets that cannot be used)");
                });
    }

    @Test
    void anUnchangedSecretFileOpenedToOthersIsRefusedAtTheNextCall() throws IOException {
        Path file = secretFile("admin", "hunter2", "rw-------");
        SecretResolver resolver = resolvedOnce(file);
        Spec spec = adminFrom(file);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> resolver.resolve(spec)).isInstanceOf(SecretException.class)
                .hasMessageContaining("is open to group or others (mode 0644)");
    }

    @Test
    void aSecretFileChangedJustBeforeItWasReadIsReadAgainNextTime() throws IOException {
        Path file = secretFile("admin", "hunter2", "rw-------");
        // the real clock: the file changed within the last two seconds, maybe in the same tick as the read
        SecretResolver resolver = new SecretResolver(Map.of(), Optional.empty());
        Spec spec = adminFrom(file);

        Secret first = secret(resolver.resolve(spec), "admin");

        assertThat(secret(resolver.resolve(spec), "admin")).isNotSameAs(first);
    }

    /**
     * A link flipped between two secret files (blue and green) while the resolver looks at it: whatever file the stamp
     * was taken of is the file whose content is kept with it, so once the link rests on one file, that file's secret
     * is what the next call gives. (Read through the link, green's content was once kept under blue's stamp, and given
     * for blue from then on.)
     */
    @Test
    void aLinkRetargetedBetweenTheLookAndTheReadNeverKeepsOneFilesSecretUnderTheOthersStamp() throws Exception {
        Path blue = secretFile("blue", "blue-password", "rw-------");
        Path green = secretFile("green", "green-password", "rw-------");
        Path link = dir.resolve("current");
        pointAt(link, blue);
        SecretResolver resolver = settled();
        Spec spec = adminFrom(link);
        for (int round = 0; round < 300; round++) {
            AtomicBoolean flipping = new AtomicBoolean(true);
            AtomicInteger flips = new AtomicInteger();
            Thread flipper = new Thread(() -> {
                for (boolean toGreen = true; flipping.get(); toGreen = !toGreen) {
                    pointAt(link, toGreen ? green : blue);
                    flips.incrementAndGet();
                }
            });
            flipper.start();
            try {
                for (int call = 0; call < 20 || flips.get() < 100; call++) {
                    resolver.resolve(spec);
                }
            } finally {
                flipping.set(false);
                flipper.join();
            }
            Path rest = round % 2 == 0 ? blue : green;
            pointAt(link, rest);

            assertThat(plaintext(resolver.resolve(spec), "admin")).as("round %d, resting on %s", round, rest)
                    .isEqualTo(rest.getFileName() + "-password");
        }
    }

    /** Points {@code link} at {@code target} in one rename, as {@code ln -sfn} does. */
    private void pointAt(Path link, Path target) {
        try {
            Path next = Files.createSymbolicLink(dir.resolve(".current.next"), target);
            Files.move(next, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSecretNeverShowsAndHandsOutCopies() {
        Secret secret = Secret.of("hunter2".toCharArray());
        char[] copy = secret.chars();
        Arrays.fill(copy, 'x');

        assertThat(new String(secret.chars())).isEqualTo("hunter2");
        assertThat(secret).hasToString("(secret)");
        assertThat(new DesiredPassword.Plaintext(secret, 4096).toString()).doesNotContain("hunter2");
    }

    private Path secretFile(String name, String content, String mode) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String plaintext(DesiredPasswords passwords, String role) {
        return new String(secret(passwords, role).chars());
    }

    private static Secret secret(DesiredPasswords passwords, String role) {
        return ((DesiredPassword.Plaintext) passwords.of(role).orElseThrow()).secret();
    }

    private Spec adminFrom(Path file) {
        return spec(role("admin", new External(Origin.FILE, file.toString(), null)));
    }

    /** A {@link #settled} resolver that has resolved the secret in {@code file} once. */
    private SecretResolver resolvedOnce(Path file) {
        SecretResolver resolver = settled();
        resolver.resolve(adminFrom(file));
        return resolver;
    }

    /** A resolver whose clock is an hour ahead, so every file's last change is long settled. */
    private static SecretResolver settled() {
        return new SecretResolver(Map.of(), Optional.empty(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
    }

    private static RoleSpec role(String name, PasswordSource source) {
        return RoleSpec.named(name).withPassword(source);
    }

    private static Spec spec(RoleSpec... roles) {
        return Spec.builder().roles(roles).build();
    }
}
