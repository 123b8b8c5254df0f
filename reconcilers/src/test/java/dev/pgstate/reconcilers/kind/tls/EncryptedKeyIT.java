package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.secret.Secret;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A key protected by a passphrase, on real servers: the agent checks that the passphrase decrypts it and that it
 * belongs to the certificate, installs the passphrase beside it with the {@code ssl_passphrase_command} that reads
 * it, and the server serves the certificate, after a reload and after a restart nobody types anything at.
 */
class EncryptedKeyIT {

    private static final String VARIABLE = "TLS_KEY_PASSPHRASE";
    private static final String PASSPHRASE = "encrypted-key-it passphrase";
    private static final String START_TIME = "SELECT pg_postmaster_start_time()";

    @AcrossPgVersions
    void anEncryptedKeyFromAFileIsServedAfterAReloadAndAfterARestart(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        Instant now = Instant.now();
        CertificateAuthority external = CertificateAuthority.create("external CA", Validity.days(now, 365));
        KeyAndCertificate leaf = external.issueServer(List.of("localhost"), List.of("127.0.0.1"),
                Validity.days(now, 90));
        Path certificate = Files.writeString(state.resolve("db.crt"), leaf.certificatePem());
        Path root = Files.writeString(state.resolve("root.crt"), Pem.write(external.certificate()));
        String encrypted = Pem.write(leaf.key(), Secret.of(PASSPHRASE.toCharArray()));
        Path key = Files.writeString(state.resolve("db.key"), encrypted);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Spec spec = spec(state, file(certificate, null), file(key, passphrase()), file(root, null), null);
        Fingerprint wanted = Fingerprint.of(leaf.certificate());

        ConvergeResult result = converger(pg, PASSPHRASE).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).as(describe(result)).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        Path passphraseFile = pg.dataDir().resolve("server.key.passphrase");
        assertThat(pg.psql("SHOW ssl_passphrase_command")).isEqualTo("/bin/cat " + passphraseFile);
        assertThat(pg.psql("SHOW ssl_passphrase_command_supports_reload")).isEqualTo("on");
        assertThat(Files.readString(pg.dataDir().resolve("server.key"))).isEqualTo(encrypted);
        assertThat(Files.readString(passphraseFile)).isEqualTo(PASSPHRASE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passphraseFile))).isEqualTo("rw-------");
        assertThat(Files.getOwner(passphraseFile).getName()).isEqualTo(Files.getOwner(pg.dataDir()).getName());
        assertServes(pg, wanted);
        assertThat(converger(pg, PASSPHRASE).apply(spec, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.UNCHANGED);

        pg.restart(); // the server decrypts the key at start by itself, through the command
        assertServes(pg, wanted);

        // a wrong passphrase is refused before anything is written, without showing either
        assertThatThrownBy(() -> converger(pg, "not the passphrase").plan(spec))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("tls: the passphrase from tls.key.passphrase does not decrypt the private key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSPHRASE).doesNotContain("not the"));
        assertThat(Files.readString(passphraseFile)).isEqualTo(PASSPHRASE);
        assertServes(pg, wanted);
    }

    /**
     * An issued key is written encrypted and kept as written (its encryption is salted anew each time); a new
     * passphrase reissues the pair, which the server takes up with a reload: it runs the command at reloads too.
     */
    @AcrossPgVersions
    void anIssuedKeyIsEncryptedAndANewPassphraseTakesAReloadNotARestart(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        TlsFileSpec issued = TlsFileSpec.issuedByCa();
        Spec spec = spec(state, issued, TlsFileSpec.builder().issue(true).passphrase(passphrase()).build(),
                issued, new TlsCaSpec(true, null, null, null, null));

        ConvergeResult first = converger(pg, PASSPHRASE).apply(spec, ApplyListener.NONE);

        assertThat(first.outcome()).as(describe(first)).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        String installedKey = Files.readString(pg.dataDir().resolve("server.key"));
        assertThat(installedKey).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertServes(pg, installedFingerprint(pg));
        assertThat(converger(pg, PASSPHRASE).plan(spec).hasChanges()).isFalse();
        assertThat(Files.readString(pg.dataDir().resolve("server.key"))).isEqualTo(installedKey);

        String started = pg.psql(START_TIME);
        Fingerprint before = installedFingerprint(pg);
        String rotated = PASSPHRASE + " rotated";
        Plan plan = converger(pg, rotated).plan(spec);
        assertThat(plan.hasChanges()).isTrue();
        assertThat(plan.toString()).doesNotContain(PASSPHRASE);
        ConvergeResult second = converger(pg, rotated).apply(spec, ApplyListener.NONE);

        assertThat(second.outcome()).as(describe(second)).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(installedFingerprint(pg)).isNotEqualTo(before);
        assertServes(pg, installedFingerprint(pg));
        assertThat(pg.psql(START_TIME)).isEqualTo(started);
        assertThat(Files.readString(pg.dataDir().resolve("server.key.passphrase"))).isEqualTo(rotated);
    }

    /** A client with sslmode=require gets TLS, and the handshake shows the certificate the spec wants. */
    private static void assertServes(PgCluster pg, Fingerprint wanted) throws Exception {
        try (Connection tls = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.port()
                + "/postgres?user=postgres&sslmode=require");
             Statement statement = tls.createStatement();
             ResultSet row = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean("ssl")).isTrue();
        }
        assertThat(TlsProbe.served("127.0.0.1", pg.port())).contains(wanted);
    }

    private static PasswordSource passphrase() {
        return new PasswordSource.External(PasswordSource.Origin.ENV, VARIABLE, null);
    }

    private static TlsFileSpec file(Path file, PasswordSource passphrase) {
        return TlsFileSpec.builder().file(file.toString()).passphrase(passphrase).build();
    }

    private static Spec spec(Path state, TlsFileSpec certificate, TlsFileSpec key, TlsFileSpec caBundle,
                             TlsCaSpec ca) {
        return Spec.builder()
                .tls(TlsSpec.builder().ca(ca).certificate(certificate).key(key).caBundle(caBundle)
                        .hostnames(List.of("localhost")).addresses(List.of("127.0.0.1"))
                        .stateDirectory(state.toString()).build()).build();
    }

    /** No TLS files left by an earlier test in the data directory, and a new state directory. */
    private static Path freshState(PgCluster pg) throws Exception {
        pg.reset();
        for (String name : List.of("server.crt", "server.key", "server.key.passphrase", "root.crt")) {
            Files.deleteIfExists(pg.dataDir().resolve(name));
        }
        return Files.createTempDirectory("pgstate-tls-key-");
    }

    private static Fingerprint installedFingerprint(PgCluster pg) throws Exception {
        return Fingerprint.of(Pem.certificates(Files.readString(pg.dataDir().resolve("server.crt"))).get(0));
    }

    private static String describe(ConvergeResult result) {
        return result.applied().failure().map(f -> f.describe()).orElse(result.outcome().toString());
    }

    private static Converger converger(PgCluster pg, String passphrase) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", pg.port(), pg.superuser(), "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of(VARIABLE, passphrase)), new Planner());
    }
}
