package dev.pgstate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher the .deb installs as /usr/bin/pgstate (and bin/agent runs): its class data sharing archive is recorded
 * once per jar by a command that succeeded, holds picocli's Java 5 classes too, is used afterwards, recorded again for
 * a newer jar, and never heard on stdout; a plan or apply with no password checks remembered gets both JIT compilers,
 * every other command C1 only. And bin/agent in a checkout: it rebuilds a stale jar only for the checkout's owner, and
 * anyone else runs the jar that is there, warned.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("pgstate.launcher", "src/deb/pgstate"));
    private static final Path CHECKOUT_RUNNER = Path.of(System.getProperty("pgstate.checkout.runner", "../bin/agent"));
    private static final Path AGENT_JAR = Path.of(System.getProperty("pgstate.agent.jar",
            "../agent/target/pgstate-agent.jar"));
    private static final Path SPEC = Path.of(System.getProperty("pgstate.examples", "../config-examples"))
            .resolve("identity-box.yaml");
    private static final String VALID = "spec " + SPEC + " is valid: 3 roles, 1 database\n";
    private static final String MAIN_CLASS_FROM_ARCHIVE = "dev.pgstate.agent.cli.Main source: shared objects file";
    /** Compiled for Java 5: Java 17 archives such classes only in a static archive. */
    private static final String PICOCLI_FROM_ARCHIVE = "picocli.CommandLine source: shared objects file";
    /**
     * The JVM's flags on stdout, read after the launcher's own (as _JAVA_OPTIONS are): the JIT of a first plan or apply
     * of passwords turns the JVM's console messages off, which would hide them.
     */
    private static final String PRINT_FLAGS = "-XX:+PrintCommandLineFlags -XX:+UnlockDiagnosticVMOptions "
            + "-XX:+DisplayVMOutput";

    @TempDir
    Path dir;

    private Path jar;
    private Path cache;

    @BeforeEach
    void ownCopyOfTheJar() throws IOException {
        jar = Files.copy(AGENT_JAR, dir.resolve("pgstate-agent.jar"));
        cache = dir.resolve("cache");
    }

    @Test
    void theFirstSuccessfulCommandRecordsAnArchiveThatLaterCommandsUse() throws Exception {
        Launched first = launch(Map.of(), "validate", "--spec", SPEC.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo(VALID);
        assertThat(first.err()).isEmpty();
        Path archive = onlyArchive();
        assertThat(Files.getOwner(archive)).isEqualTo(Files.getOwner(dir));
        assertThat(Files.getPosixFilePermissions(cache.resolve("pgstate")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));

        Path classes = dir.resolve("classes.log");
        Launched second = launch(Map.of("JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC -Xlog:class+load:file=" + classes),
                "validate", "--spec", SPEC.toString());
        assertThat(second.out()).isEqualTo(VALID);
        assertThat(Files.readString(classes)).contains(MAIN_CLASS_FROM_ARCHIVE, PICOCLI_FROM_ARCHIVE);
    }

    @Test
    void aFailedCommandRecordsNothingAndLeavesNothingBehind() throws Exception {
        Launched usageError = launch(Map.of(), "validate", "--spec", dir.resolve("missing.yaml").toString());

        assertThat(usageError.exitCode()).isEqualTo(64);
        assertThat(usageError.out()).isEmpty();
        assertThat(files(cache.resolve("pgstate"))).isEmpty();
    }

    @Test
    void helpAndVersionRecordNothingSoTheFirstCommandThatWorksDoes() throws Exception {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-V"}, new String[] {"--version"},
                new String[] {"plan", "--help"})) {
            Launched asked = launch(Map.of(), args);
            assertThat(asked.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(files(cache.resolve("pgstate"))).as(String.join(" ", args) + " records no archive").isEmpty();
        }

        launch(Map.of(), "validate", "--spec", SPEC.toString());
        Path classes = dir.resolve("classes.log");
        launch(Map.of("JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC -Xlog:class+load:file=" + classes),
                "validate", "--spec", SPEC.toString());
        assertThat(Files.readString(classes)).as("the spec loader comes from the archive")
                .contains("dev.pgstate.model.Specs source: shared objects file");
    }

    @Test
    void aNewerJarIsRecordedAgainAndAnArchiveOfAnotherOwnerIsNeverUsed() throws Exception {
        launch(Map.of(), "validate", "--spec", SPEC.toString());
        Path archive = onlyArchive();
        // as if the archive were recorded an hour ago and the jar upgraded since
        FileTime recorded = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(archive, recorded);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(1800)));

        Launched afterUpgrade = launch(Map.of(), "validate", "--spec", SPEC.toString());
        assertThat(afterUpgrade.out()).isEqualTo(VALID);
        assertThat(onlyArchive()).isEqualTo(archive);
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar)).isNotEqualTo(recorded);

        if (isRoot()) {
            UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(archive, nobody);
            Path classes = dir.resolve("classes.log");
            Launched distrusting = launch(Map.of("JAVA_OPTS", "-Xmx64m -Xlog:class+load:file=" + classes),
                    "validate", "--spec", SPEC.toString());
            assertThat(distrusting.out()).isEqualTo(VALID);
            assertThat(Files.readString(classes)).doesNotContain(MAIN_CLASS_FROM_ARCHIVE);
            assertThat(Files.getOwner(onlyArchive())).as("recorded anew, as root's").isEqualTo(Files.getOwner(dir));
        }
    }

    @Test
    void aCacheDirectoryOthersCanWriteToIsNeitherUsedNorRecordedInto() throws Exception {
        launch(Map.of(), "validate", "--spec", SPEC.toString());
        Path archive = onlyArchive();
        Files.setPosixFilePermissions(cache.resolve("pgstate"), PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.delete(archive);

        Path classes = dir.resolve("classes.log");
        Launched shared = launch(Map.of("JAVA_OPTS", "-Xmx64m -Xlog:class+load:file=" + classes),
                "validate", "--spec", SPEC.toString());

        assertThat(shared.out()).isEqualTo(VALID);
        assertThat(files(cache.resolve("pgstate"))).as("nothing recorded where others could swap it").isEmpty();
        assertThat(Files.readString(classes)).doesNotContain(MAIN_CLASS_FROM_ARCHIVE);
    }

    @Test
    void cdsOffNeitherRecordsNorUsesAnArchive() throws Exception {
        Launched off = launch(Map.of("PGSTATE_CDS", "off"), "validate", "--spec", SPEC.toString());

        assertThat(off.out()).isEqualTo(VALID);
        assertThat(files(cache.resolve("pgstate"))).isEmpty();
    }

    @Test
    void planAndApplyGetBothCompilersOnlyWhenNoPasswordChecksAreRemembered() throws Exception {
        Path stateHome = dir.resolve("state");
        Map<String, String> printFlags = printingFlags(stateHome);
        String[] offline = {"--spec", SPEC.toString(), "--host", "127.0.0.1", "--port", "1"};

        assertThat(launch(printFlags, "validate", "--spec", SPEC.toString()).out())
                .contains("-XX:TieredStopAtLevel=1");
        for (String verb : List.of("plan", "apply")) {
            assertThat(launch(printFlags, prepend(verb, offline)).out()).as(verb + ", nothing remembered")
                    .contains("-XX:+TieredCompilation").doesNotContain("TieredStopAtLevel");
        }
        rememberedChecks(Files.createDirectories(stateHome.resolve("pgstate")));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        for (String verb : List.of("plan", "apply")) {
            assertThat(launch(printFlags, prepend(verb, offline)).out()).as(verb + ", checks remembered")
                    .contains("-XX:TieredStopAtLevel=1");
            String[] elsewhereArgs = prepend(verb, prepend("--state-directory=" + elsewhere, offline));
            assertThat(launch(printFlags, elsewhereArgs).out()).as(verb + " --state-directory=DIR, nothing there")
                    .contains("-XX:+TieredCompilation");
            for (String option : List.of("--state-directory", "--state-dir")) {
                String[] givenArgs = prepend(verb, prepend(option, prepend(stateHome.resolve("pgstate").toString(),
                        offline)));
                assertThat(launch(printingFlags(dir.resolve("unused")), givenArgs).out()).as(verb + " " + option + " DIR").contains("-XX:TieredStopAtLevel=1");
            }
        }
    }

    /**
     * Checks the agent would not trust (it judges the file as it does every file of its state directory) leave it a
     * PBKDF2 per password: such a run gets both compilers as if nothing were remembered.
     */
    @Test
    void checksTheAgentWouldIgnoreAreNotRemembered() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state/pgstate"));
        Path checks = rememberedChecks(state);
        String[] plan = prepend("plan", offline("--spec", SPEC.toString()));
        Map<String, String> printFlags = printingFlags(dir.resolve("state"));
        assertThat(launch(printFlags, plan).out()).as("the agent's own file").contains("-XX:TieredStopAtLevel=1");

        Files.setPosixFilePermissions(checks, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(launch(printFlags, plan).out()).as("readable by others").contains("-XX:+TieredCompilation");

        Path elsewhere = rememberedChecks(Files.createDirectories(dir.resolve("elsewhere")));
        Files.delete(checks);
        Files.createSymbolicLink(checks, elsewhere);
        assertThat(launch(printFlags, plan).out()).as("a link").contains("-XX:+TieredCompilation");

        Files.delete(checks);
        rememberedChecks(state);
        Files.writeString(checks, "pgstate password checks 1\nend AAAA\n");
        assertThat(launch(printFlags, plan).out()).as("the form before").contains("-XX:+TieredCompilation");

        if (isRoot()) {
            rememberedChecks(state);
            Files.setAttribute(checks, "unix:uid", 65534);
            assertThat(launch(printFlags, plan).out()).as("another owner's").contains("-XX:+TieredCompilation");
        }
    }

    /** A password-checks file in {@code directory} as the agent writes it: 0600, in its form (the seal is not read). */
    private static Path rememberedChecks(Path directory) throws IOException {
        Path checks = directory.resolve("password-checks");
        Files.writeString(checks, "pgstate password checks 2\nend AAAA\n");
        Files.setPosixFilePermissions(checks, PosixFilePermissions.fromString("rw-------"));
        return checks;
    }

    /**
     * A spec that says "password" nowhere but in comments gives no role one: a first plan or apply of it has no
     * PBKDF2 to run.
     */
    @Test
    void planAndApplyOfASpecWithoutPasswordsStayAtC1WithNothingRemembered() throws Exception {
        Map<String, String> printFlags = printingFlags(dir.resolve("state"));
        Path withoutPasswords = Files.writeString(dir.resolve("no-passwords.yaml"),
                "# no passwords here\nroles:\n  - name: app # its password is not managed\n    login: true\n");
        Path withPasswords = Files.writeString(dir.resolve("passwords.yaml"),
                "roles:\n  - name: app\n    login: true\n    password: {file: /run/secrets/app}\n");

        for (String verb : List.of("plan", "apply")) {
            assertThat(launch(printFlags, prepend(verb, offline("--spec=" + withoutPasswords))).out())
                    .as(verb + " --spec=FILE").contains("-XX:TieredStopAtLevel=1");
            assertThat(launch(printFlags, prepend(verb, offline("--spec", withoutPasswords.toString()))).out())
                    .as(verb + " --spec FILE").contains("-XX:TieredStopAtLevel=1");
            assertThat(launch(printFlags, prepend(verb, offline("--spec", withPasswords.toString()))).out())
                    .as(verb + ", a spec that mentions a password").contains("-XX:+TieredCompilation");
            assertThat(launch(printFlags, prepend(verb, offline("--spec", dir.resolve("missing.yaml").toString())))
                    .out()).as(verb + ", a spec the launcher cannot read").contains("-XX:+TieredCompilation");
        }
    }

    @Test
    void aSpecNamedLikeAnOptionIsReadAsTheSpec() throws Exception {
        // grep must not take it for one of its options: "-v" made it read its standard input instead
        Path working = Files.createDirectories(dir.resolve("working"));
        Files.writeString(working.resolve("-v"), "roles:\n  - name: app\n    password: {file: /run/secrets/app}\n");
        Map<String, String> printFlags = printingFlags(dir.resolve("state"));

        assertThat(launchIn(working, printFlags, prepend("plan", offline("--spec=-v"))).out())
                .contains("-XX:+TieredCompilation");
    }

    /**
     * Debian's sh (dash) has an echo that takes "-n" for an option and expands backslashes: the launcher's argument
     * helpers had used it, and so looked for remembered checks in no directory and for the spec in another file.
     */
    @Test
    void optionValuesAreTakenAsTheyAreGiven() throws Exception {
        Path working = Files.createDirectories(dir.resolve("working"));
        rememberedChecks(Files.createDirectories(working.resolve("-n")));
        Path withoutPasswords = Files.writeString(working.resolve("no\\cpasswords.yaml"), "roles:\n  - name: app\n");
        Map<String, String> printFlags = printingFlags(dir.resolve("state"));

        assertThat(launchIn(working, printFlags, prepend("plan", prepend("--state-directory=-n", offline("--spec",
                SPEC.toString())))).out()).as("checks remembered in ./-n").contains("-XX:TieredStopAtLevel=1");
        assertThat(launchIn(working, printFlags, prepend("plan", offline("--spec=" + withoutPasswords))).out())
                .as("a spec without passwords whose name holds \\c").contains("-XX:TieredStopAtLevel=1");
    }

    /** Without class data sharing, the JVM's flags printed, password checks remembered under {@code stateHome}. */
    private static Map<String, String> printingFlags(Path stateHome) {
        return Map.of("PGSTATE_CDS", "off", "_JAVA_OPTIONS", PRINT_FLAGS, "XDG_STATE_HOME", stateHome.toString());
    }

    private static String[] offline(String... specOption) {
        return Stream.concat(Stream.of(specOption), Stream.of("--host", "127.0.0.1", "--port", "1"))
                .toArray(String[]::new);
    }

    @Test
    void everyClassWhosePbkdf2MethodsKeepC2IsInTheAgentJarOrTheJdk() throws Exception {
        Matcher listed = Pattern.compile("pbkdf2_classes=\"([^\"]*)\"").matcher(Files.readString(LAUNCHER));
        assertThat(listed.find()).as("the launcher lists the PBKDF2 classes").isTrue();
        List<String> classes = Stream.of(listed.group(1).trim().split("\\s+"))
                .map(name -> name.endsWith("*") ? name.substring(0, name.length() - 1) : name).toList();

        assertThat(classes).as("the launcher names the PBKDF2 class that C2 compiles early")
                .contains("dev.pgstate.reconcilers.secret.HmacSha256");
        try (JarFile agent = new JarFile(AGENT_JAR.toFile())) {
            for (String name : classes) {
                boolean inAgent = agent.getEntry(name.replace('.', '/') + ".class") != null;
                // loading a class of a package java.base does not export is allowed; using it is not
                assertThat(inAgent || Class.forName(name, false, null) != null).as(name).isTrue();
            }
        }
    }

    /**
     * A first plan of passwords leaves C2 to the PBKDF2 classes by compiler directives in the private cache directory,
     * which the JVM accepts; their announcement never reaches stdout, where plans and JSON go. Without a private cache
     * directory, C2's thresholds are raised for everything else instead.
     */
    @Test
    void aFirstPlanOfPasswordsKeepsC2ForThePbkdf2ClassesByDirectivesInThePrivateCache() throws Exception {
        Map<String, String> nothingRemembered = Map.of("PGSTATE_CDS", "off",
                "XDG_STATE_HOME", dir.resolve("nothing-remembered").toString());
        String[] plan = prepend("plan", offline("--spec", SPEC.toString()));

        Launched quiet = launch(nothingRemembered, plan);
        assertThat(quiet.err()).as("the plan ran, offline").contains("cannot connect");
        assertThat(quiet.out()).as("stdout holds nothing of the JVM's").isEmpty();
        Path directives = files(cache.resolve("pgstate")).stream()
                .filter(file -> file.getFileName().toString().startsWith("pbkdf2-jit-")).findFirst().orElseThrow();
        assertThat(Files.readString(directives)).contains("\"dev/pgstate/reconcilers/secret/HmacSha256*.*\"",
                "\"sun/security/provider/SHA2*.*\"", "c2: { Exclude: true }");
        assertThat(Files.getOwner(directives)).isEqualTo(Files.getOwner(dir));
        Map<String, String> shown = new HashMap<>(printingFlags(dir.resolve("nothing-remembered")));
        assertThat(launch(shown, plan).out()).as("the JVM read them").contains("2 compiler directives added")
                .contains("-XX:CompilerDirectivesFile=" + directives).doesNotContain("CompileThresholdScaling");

        Files.setPosixFilePermissions(cache.resolve("pgstate"), PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThat(launch(shown, plan).out()).as("a cache directory others may write to")
                .doesNotContain("CompilerDirectivesFile")
                .contains("CompileThresholdScaling,dev.pgstate.reconcilers.secret.HmacSha256*::*,0.01");
    }

    @Test
    void theJitOptionsAreNotMatchedAgainstTheFilesOfTheWorkingDirectory() throws Exception {
        Path working = Files.createDirectories(dir.resolve("working"));
        Files.createFile(working.resolve("sun.security.provider.SHA2planted"));
        Files.createFile(working.resolve("-XX:ErrorFile=planted"));
        Map<String, String> env = printingFlags(dir.resolve("nothing-remembered"));
        String[] plan = prepend("plan", offline("--spec", SPEC.toString()));

        assertThat(launchIn(working, env, plan).out()).as("the launcher's own options, nothing remembered")
                .contains("-XX:CompilerDirectivesFile=").doesNotContain("planted");
        assertThat(files(cache.resolve("pgstate"))).singleElement()
                .satisfies(directives -> assertThat(Files.readString(directives)).doesNotContain("planted"));
        Files.setPosixFilePermissions(cache.resolve("pgstate"), PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThat(launchIn(working, env, plan).out()).as("the same without a private cache directory")
                .contains("SHA2*::*,0.01").doesNotContain("planted");
        Map<String, String> givenOptions = new HashMap<>(env);
        givenOptions.put("JAVA_OPTS", "-Xmx64m -XX:ErrorFile=*");
        assertThat(launchIn(working, givenOptions, plan).out()).as("JAVA_OPTS").contains("-XX:ErrorFile=*")
                .doesNotContain("planted").doesNotContain("CompilerDirectivesFile");
    }

    private static String[] prepend(String first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }

    @Test
    void aCheckoutItsUserCannotRebuildRunsTheJarThereWithAWarning() throws Exception {
        Path checkout = fakeCheckout();
        Files.setLastModifiedTime(checkout.resolve("agent/target/pgstate-agent.jar"),
                FileTime.from(Instant.now().minusSeconds(3600)));
        Launched owner = launchCheckout(checkout, "validate", "--spec", SPEC.toString());
        assertThat(owner.err()).contains("building pgstate");
        assertThat(checkout.resolve("maven-ran")).as("the owner rebuilds").exists();
        Files.delete(checkout.resolve("maven-ran"));
        Files.setLastModifiedTime(checkout.resolve("agent/target/pgstate-agent.jar"),
                FileTime.from(Instant.now().minusSeconds(3600)));

        notMine(checkout);
        Launched other = launchCheckout(checkout, "validate", "--spec", SPEC.toString());
        assertThat(other.exitCode()).as(other.err()).isZero();
        assertThat(other.out()).isEqualTo(VALID);
        assertThat(other.err()).contains("is older than the sources").contains("cannot rebuild this checkout")
                .contains(": cd " + checkout + " && ./mvnw -q -DskipTests -pl agent -am package");
        assertThat(checkout.resolve("maven-ran")).as("no build tried").doesNotExist();

        mine(checkout);
        Files.delete(checkout.resolve("agent/target/pgstate-agent.jar"));
        notMine(checkout);
        Launched unbuilt = launchCheckout(checkout, "validate", "--spec", SPEC.toString());
        assertThat(unbuilt.exitCode()).isEqualTo(1);
        assertThat(unbuilt.out()).isEmpty();
        assertThat(unbuilt.err()).contains("is not built").contains("./mvnw -q -DskipTests -pl agent -am package");
        mine(checkout);
    }

    /** The parts of a checkout bin/agent uses: itself, the launcher, a built jar, a source, and a Maven that fails. */
    private Path fakeCheckout() throws IOException {
        Path checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve("bin"));
        Files.createDirectories(checkout.resolve("packaging/src/deb"));
        Files.createDirectories(checkout.resolve("agent/target"));
        Files.createDirectories(checkout.resolve("agent/src"));
        Files.copy(CHECKOUT_RUNNER, checkout.resolve("bin/agent"));
        Files.copy(LAUNCHER, checkout.resolve("packaging/src/deb/pgstate"));
        Files.copy(jar, checkout.resolve("agent/target/pgstate-agent.jar"));
        Files.writeString(checkout.resolve("agent/src/Source.java"), "class Source {}\n");
        Path maven = Files.writeString(checkout.resolve("mvnw"), "#!/bin/sh\ntouch maven-ran agent/target/pgstate-agent.jar\n");
        Files.setPosixFilePermissions(maven, PosixFilePermissions.fromString("rwxr-xr-x"));
        return checkout;
    }

    /** As root: the checkout belongs to nobody. As anyone else: its top directory is read-only. */
    private static void notMine(Path checkout) throws IOException {
        if (isRoot()) {
            Files.setAttribute(checkout, "unix:uid", 65534);
        } else {
            Files.setPosixFilePermissions(checkout, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
    }

    private static void mine(Path checkout) throws IOException {
        if (isRoot()) {
            Files.setAttribute(checkout, "unix:uid", 0);
        }
        Files.setPosixFilePermissions(checkout, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private Launched launchCheckout(Path checkout, String... args) throws IOException, InterruptedException {
        return run(Stream.concat(Stream.of(checkout.resolve("bin/agent").toString()), Stream.of(args)).toList(),
                Map.of("PGSTATE_CDS", "off"));
    }

    private record Launched(int exitCode, String out, String err) {
    }

    private Launched launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return launchIn(Path.of("").toAbsolutePath(), env, args);
    }

    private Launched launchIn(Path workingDirectory, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return run(Stream.concat(Stream.of(LAUNCHER.toAbsolutePath().toString()), Stream.of(args)).toList(), env,
                workingDirectory);
    }

    private Launched run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return run(command, env, Path.of("").toAbsolutePath());
    }

    private Launched run(List<String> command, Map<String, String> env, Path workingDirectory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("STATE_DIRECTORY");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PGSTATE_JAR", jar.toString());
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        // the state directory the launcher looks in for remembered checks: never the user's own
        builder.environment().put("XDG_STATE_HOME", dir.resolve("state-home").toString());
        builder.environment().putAll(env);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        return new Launched(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Path onlyArchive() throws IOException {
        List<Path> files = files(cache.resolve("pgstate"));
        assertThat(files).as("one archive and no half-recorded one").singleElement()
                .satisfies(file -> assertThat(file.toString()).endsWith(".jsa"));
        return files.get(0);
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
