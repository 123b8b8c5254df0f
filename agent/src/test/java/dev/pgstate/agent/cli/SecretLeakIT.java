package dev.pgstate.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.reconcilers.core.state.KeptSpec;
import dev.pgstate.reconcilers.core.state.KeyedDirectory;
import dev.pgstate.reconcilers.kind.role.RememberedChecks;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every command, with and without --debug, run with known secrets (passwords, the TLS key's passphrase); stdout,
 * stderr, the agent's logs and the exported spec must contain neither a plaintext nor any part of a verifier; nor
 * must the remembered password checks that plan and apply keep in the state directory (here the default one, under
 * {@code $HOME}). The spec they keep there holds what the spec file holds (the verifier it gives) and nothing more.
 */
class SecretLeakIT {

    private static final String FROM_FILE = "leak-test-file-secret";
    private static final String FROM_FILE_ROTATED = "leak-test-file-secret-rotated";
    private static final String FROM_ENV = "leak-test-env-secret";
    private static final String FROM_CREDENTIAL = "leak-test-credential-secret";
    private static final String FOR_VERIFIER = "leak-test-verifier-secret";
    private static final String TLS_KEY_PASSPHRASE = "leak-test-tls-key-passphrase";

    @TempDir
    Path dir;

    @AcrossPgVersions
    void noCommandEverShowsAPasswordOrAVerifier(PgCluster pg) throws IOException {
        String given = Scram.verifier(Secret.of(FOR_VERIFIER.toCharArray()), 4096).text();
        Path secret = Files.writeString(dir.resolve("admin"), FROM_FILE + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path credentials = Files.createDirectory(dir.resolve("credentials"));
        Files.writeString(credentials.resolve("backup"), FROM_CREDENTIAL);
        Path spec = Files.writeString(dir.resolve("spec.yaml"), String.join("\n",
                "roles:",
                "  - {name: admin, login: true, password: {file: " + secret + "}}",
                "  - {name: idbox, login: true, password: {env: IDBOX_PASSWORD}}",
                "  - {name: backup, login: true, password: {credential: backup}}",
                "  - {name: legacy, login: true, password: {verifier: \"" + given + "\"}}",
                "  - {name: nopass, login: true, password: none}",
                "tls:",
                "  ca: {create: true}",
                "  certificate: {issue: true}",
                "  key: {issue: true, passphrase: {env: TLS_KEY_PASSPHRASE}}",
                "  hostnames: [localhost]",
                "  addresses: [127.0.0.1]",
                "  state_directory: " + dir.resolve("state"),
                ""));
        Map<String, String> env = Map.of("IDBOX_PASSWORD", FROM_ENV, "TLS_KEY_PASSPHRASE", TLS_KEY_PASSPHRASE,
                "CREDENTIALS_DIRECTORY", credentials.toString(),
                "PGHOST", "127.0.0.1", "PGPORT", String.valueOf(pg.port()), "PGUSER", pg.superuser(),
                "PGDATABASE", "postgres", "HOME", dir.resolve("home").toString());
        ListAppender<ILoggingEvent> logs = captureLogs();
        List<String> outputs = new ArrayList<>();
        try {
            for (boolean debug : List.of(false, true)) {
                pg.reset();
                Files.writeString(secret, FROM_FILE + "\n");
                outputs.addAll(run(env, debug, 0, "validate", "--spec", spec.toString()));
                outputs.addAll(run(env, debug, 2, "plan", "--spec", spec.toString()));
                outputs.addAll(run(env, debug, 2, "plan", "--spec", spec.toString(), "--format", "json"));
                outputs.addAll(run(env, debug, 0, "apply", "--spec", spec.toString()));
                Files.writeString(secret, FROM_FILE_ROTATED + "\n");
                outputs.addAll(run(env, debug, 2, "plan", "--spec", spec.toString()));
                outputs.addAll(run(env, debug, 2, "plan", "--spec", spec.toString(), "--format", "json"));
                outputs.addAll(run(env, debug, 0, "apply", "--spec", spec.toString(), "--format", "json"));
                outputs.addAll(run(env, debug, 0, "plan", "--spec", spec.toString(), "--format", "json"));
                Path exported = dir.resolve("exported.yaml");
                outputs.addAll(run(env, debug, 0, "export"));
                outputs.addAll(run(env, debug, 0, "export", "--output", exported.toString()));
                outputs.add(Files.readString(exported));
                // a secret that cannot be used fails, naming where it was looked for
                outputs.addAll(run(Map.of(), debug, 1, "plan", "--spec", spec.toString(), "--host", "127.0.0.1",
                        "--port", String.valueOf(pg.port()), "--user", pg.superuser()));
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
        outputs.addAll(logs.list.stream().map(SecretLeakIT::format).toList());
        Path state = dir.resolve("home/.local/state/pgstate");
        String remembered = Files.readString(state.resolve(RememberedChecks.CHECKS_FILE));
        assertThat(remembered.lines()).as("the header, the checks of the three passwords from secrets, and the seal")
                .hasSize(5);
        outputs.add(remembered);
        outputs.add(Files.readString(state.resolve(KeyedDirectory.KEY_FILE)));
        String everything = String.join("\n", outputs);
        String keptSpec = Files.readString(state.resolve(KeptSpec.FILE));
        assertThat(keptSpec).as("the spec file's own words").contains(given);

        assertThat(everything).as("the runs did what they should").contains("password: password differs")
                .contains("PASSWORD '(redacted)'").contains("password: none")
                .contains("password from env IDBOX_PASSWORD: the variable is not set")
                .contains("tls.key: passphrase from env TLS_KEY_PASSPHRASE: the variable is not set")
                .contains("server.key.passphrase");
        List<String> secrets = new ArrayList<>(List.of(FROM_FILE, FROM_ENV, FROM_CREDENTIAL, FOR_VERIFIER,
                TLS_KEY_PASSPHRASE));
        secrets.addAll(verifierParts(given));
        secrets.addAll(verifierParts(pg.psql("SELECT string_agg(rolpassword, ' ') FROM pg_authid"
                + " WHERE rolpassword IS NOT NULL")));
        for (String secretText : secrets) {
            assertThat(everything).as("output contains a secret").doesNotContain(secretText);
            if (!given.contains(secretText)) {
                assertThat(keptSpec).as("the kept spec holds a secret").doesNotContain(secretText);
            }
        }
    }

    private static List<String> run(Map<String, String> env, boolean debug, int exitCode, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (debug) {
            all.add("--debug");
        }
        AgentRun run = AgentRun.agent(env, all.toArray(String[]::new));
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.out() + run.err()).isEqualTo(exitCode);
        return List.of(run.out(), run.err());
    }

    /** The salt and both keys of every verifier in {@code verifiers}, each long enough to be unmistakable. */
    private static List<String> verifierParts(String verifiers) {
        return Arrays.stream(verifiers.split("[ $:]")).filter(part -> part.length() >= 20).collect(Collectors.toList());
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    private static String format(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        return event.getThrowableProxy() == null ? message
                : message + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
}
