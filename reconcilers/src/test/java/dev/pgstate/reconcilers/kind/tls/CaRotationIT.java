package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.core.apply.ServerReload;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A CA rotation with overlap on real servers, mutual TLS throughout: while the overlap lasts a client that trusts
 * only the old CA (and holds a certificate from it) and one that trusts only the new CA both connect with
 * verify-full; once it ends, only the new one does. Each step is a planned change, applied with a reload.
 */
class CaRotationIT {

    private static final String START_TIME = "SELECT pg_postmaster_start_time()";

    @AcrossPgVersions
    void bothCasAreTrustedDuringTheOverlapAndOnlyTheNewOneAfterIt(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        applied(pg, spec(state, "rotation CA 1", null));
        pg.execute("CREATE ROLE certuser LOGIN");
        Files.writeString(pg.hbaFile(), "hostssl all certuser 127.0.0.1/32 cert\n" + Files.readString(pg.hbaFile()));
        pg.execute("SELECT pg_reload_conf()");
        CaStore store = new CaStore(state);
        CertificateAuthority old = store.read();
        ClientCertificateFiles oldClient = client(state.resolve("old"), old);
        assertThat(connects(pg, oldClient)).isTrue();

        Spec rotating = spec(state, "rotation CA 2", new TlsCaSpec.Rotate("30d"));
        Plan plan = converger(pg).plan(rotating);
        assertThat(plan.changes()).singleElement().isInstanceOfSatisfying(InstallTlsFiles.class, change -> {
            assertThat(change.reason()).startsWith("tls.ca names another CA: a rotation starts");
            assertThat(change.attributes().get(0)).extracting(AttributeChange::name, AttributeChange::before)
                    .containsExactly("certificate authority", "CN=rotation CA 1");
            assertThat(change.attributes().get(0).after().toString())
                    .startsWith("CN=rotation CA 2, beside CN=rotation CA 1 until ");
        });
        assertThat(store.read().certificate()).as("a plan keeps nothing").isEqualTo(old.certificate());
        String started = pg.psql(START_TIME);

        applied(pg, rotating);

        CertificateAuthority next = store.read();
        assertThat(next.certificate()).isNotEqualTo(old.certificate());
        ClientCertificateFiles newClient = client(state.resolve("new"), next);
        assertThat(connects(pg, oldClient)).as("old root, old client certificate, during the overlap").isTrue();
        assertThat(connects(pg, newClient)).as("new root, new client certificate, during the overlap").isTrue();
        assertThat(pg.psql(START_TIME)).isEqualTo(started);
        assertThat(converger(pg).plan(rotating).hasChanges()).isFalse();

        // the overlap ends, as if 30 days had passed
        Files.writeString(store.retiringDirectory().resolve("retire-after"), Instant.now().minusSeconds(1) + "\n");
        assertThat(converger(pg).plan(rotating).changes()).singleElement().satisfies(change -> assertThat(
                change.attributes().get(0).after()).isEqualTo("CN=rotation CA 2"));

        applied(pg, rotating);

        assertThat(connects(pg, newClient)).isTrue();
        assertThatThrownBy(() -> connects(pg, oldClient)).as("the old root no longer verifies the server")
                .isInstanceOf(SQLException.class);
        ClientCertificateFiles oldCertificateNewRoot = new ClientCertificateFiles(oldClient.certificate(),
                oldClient.pemKey(), oldClient.pkcs8Key(), newClient.root());
        assertThatThrownBy(() -> connects(pg, oldCertificateNewRoot)).as("the server no longer trusts the old CA")
                .isInstanceOf(SQLException.class);
        assertThat(store.retiringDirectory()).doesNotExist();
        assertThat(converger(pg).plan(rotating).hasChanges()).isFalse();
        assertThat(pg.psql(START_TIME)).isEqualTo(started);
    }

    /**
     * libpq's OpenSSL, unlike pgjdbc's PKIX, takes an issuer name and serial in the authority key identifier as
     * binding: a server certificate naming the new root's serial there cannot chain through the cross certificate,
     * so psql trusting only the old root was refused during the overlap (found by hand on Debian's PostgreSQL 15).
     */
    @Test
    @PgVersion(16)
    void psqlTrustingOnlyTheOldRootVerifiesTheServerDuringTheOverlap(PgCluster pg) throws Exception {
        Optional<Path> psql = installedPsql();
        Assumptions.assumeTrue(psql.isPresent(), "no psql (libpq) installed under /usr/lib/postgresql");
        Path state = freshState(pg);
        applied(pg, spec(state, "libpq CA 1", null));
        ClientCertificateFiles oldClient = client(state.resolve("old"), new CaStore(state).read());
        pg.execute("CREATE ROLE certuser LOGIN");
        Files.writeString(pg.hbaFile(), "hostssl all certuser 127.0.0.1/32 cert\n" + Files.readString(pg.hbaFile()));
        pg.execute("SELECT pg_reload_conf()");
        assertThat(psqlConnects(psql.get(), pg, oldClient)).as("before the rotation").isEqualTo("connected\n");

        applied(pg, spec(state, "libpq CA 2", new TlsCaSpec.Rotate("30d")));

        assertThat(psqlConnects(psql.get(), pg, oldClient)).as("old root, old client certificate, during the overlap")
                .isEqualTo("connected\n");
    }

    /**
     * A rotation is kept only by an apply that goes ahead with it: a plan, an apply its start checks or its lockout
     * check refuse, and one whose TLS files cannot all be installed leave the state directory as it was, byte for
     * byte, and the server's TLS files too.
     */
    @AcrossPgVersions
    void aRotationIsKeptOnlyByAnApplyThatGoesAheadWithIt(PgCluster pg) throws Exception {
        FirstCa first = firstCaApplied(pg);
        Path state = first.state();
        Map<String, String> kept = first.stateFiles();
        Map<String, String> installed = first.tlsFiles();
        Spec rotating = spec(state, "rotation CA 2", new TlsCaSpec.Rotate("30d"));

        converger(pg).plan(rotating);
        assertThat(tree(state)).as("after a plan").isEqualTo(kept);

        Spec unstartable = rotating.toBuilder().server(ServerSpec.builder()
                .settings(Map.of("shared_preload_libraries", "pgstate_no_such_library")).build()).build();
        assertThatThrownBy(() -> converger(pg).apply(unstartable, ApplyListener.NONE))
                .isInstanceOf(PlanningException.class).hasMessageContaining("pgstate_no_such_library");
        assertThat(tree(state)).as("after an apply its start checks refused").isEqualTo(kept);

        Spec lockingOut = rotating.toBuilder().hba(new HbaSpec(HbaSpec.WHOLE_FILE, null, List.of(
                HbaRuleSpec.builder("local", "trust").databases(List.of("all")).users(List.of("all")).build(),
                HbaRuleSpec.builder("host", "reject").databases(List.of("all")).users(List.of("all"))
                        .address("127.0.0.1/32").build()), List.of())).build();
        assertThatThrownBy(() -> converger(pg).apply(lockingOut, ApplyListener.NONE))
                .isInstanceOf(PlanningException.class).hasMessageContaining("would be locked out");
        assertThat(tree(state)).as("after an apply its lockout check refused").isEqualTo(kept);

        AtomicFile.BeforeRename crlCannotBeWritten = temp -> {
            if (temp.getFileName().toString().startsWith(".root.crl")) {
                throw new IOException("No space left on device");
            }
        };
        // a role beside it: the files go first and the apply stops at them, so it is really not attempted
        Spec rotatingWithARole = rotating.toBuilder().roles(List.of(RoleSpec.builder("app").login(true).build()))
                .build();
        ConvergeResult failed = converger(pg).withTlsFileHook(crlCannotBeWritten)
                .apply(rotatingWithARole, ApplyListener.NONE);
        assertThat(failed.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(failed.applied().failure().orElseThrow().describe()) // once "…: java.io.IOException: No space …"
                .contains("cannot install TLS files: No space left on device; ");
        assertThat(failed.applied().notAttempted()).extracting(change -> change.address().toString())
                .containsExactly("role.app");
        assertThat(failed.applied().applied()).isEmpty();
        assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'app'")).isEqualTo("0");
        assertThat(tree(state)).as("after an apply whose TLS files could not be installed").isEqualTo(kept);
        assertThat(tlsFiles(pg)).as("the TLS files installed before the failure are put back").isEqualTo(installed);

        applied(pg, rotating);
        assertThat(CertificateAuthority.commonName(new CaStore(state).read().certificate())).isEqualTo("rotation CA 2");
        assertThat(tree(state)).isNotEqualTo(kept);
    }

    /**
     * The reload signal is never delivered: the previous certificate, key, CA bundle and CRL go back byte for byte
     * with their owner and mode, the rotation leaves the state directory, and the reload someone sends later makes
     * the server serve the previous certificate, not the new files the agent left behind; the report lists the change
     * as rolled back, not applied.
     */
    @AcrossPgVersions
    void aReloadTheServerNeverShowsPutsThePreviousTlsFilesAndCaBack(PgCluster pg) throws Exception {
        FirstCa first = firstCaApplied(pg);
        Fingerprint served = TlsProbe.served("127.0.0.1", pg.port()).orElseThrow();
        Spec rotating = spec(first.state(), "rotation CA 2", new TlsCaSpec.Rotate("30d"));

        ConvergeResult result = converger(pg).withReload(new ServerReload(connection -> { }, Duration.ofSeconds(2)))
                .apply(rotating, ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(result.applied().failure().orElseThrow().describe())
                .contains("the server did not reload its configuration within 2 s").contains("rolled back");
        assertThat(result.applied().applied()).as("put back, so not reported as applied").isEmpty();
        assertThat(result.applied().rolledBack()).singleElement().isInstanceOf(InstallTlsFiles.class);
        assertThat(tlsFiles(pg)).isEqualTo(first.tlsFiles());
        assertThat(tree(first.state())).isEqualTo(first.stateFiles());
        String loadedAt = pg.psql("SELECT pg_conf_load_time()");
        pg.execute("SELECT pg_reload_conf()"); // the signal the agent never got through: it reads the files put back
        for (int i = 0; i < 100 && pg.psql("SELECT pg_conf_load_time()").equals(loadedAt); i++) {
            Thread.sleep(50);
        }
        assertThat(pg.psql("SELECT pg_conf_load_time()")).isNotEqualTo(loadedAt);
        assertThat(TlsProbe.served("127.0.0.1", pg.port())).contains(served);
        assertThat(converger(pg).plan(rotating).changes()).singleElement().isInstanceOf(InstallTlsFiles.class);
    }

    /** The state directory of a first CA applied, with its files and the server's TLS files as they then are. */
    private record FirstCa(Path state, Map<String, String> stateFiles, Map<String, String> tlsFiles) {
    }

    private static FirstCa firstCaApplied(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        applied(pg, spec(state, "rotation CA 1", null));
        return new FirstCa(state, tree(state), tlsFiles(pg));
    }

    /** Every file under {@code directory} by its relative path, with its mode and content. */
    private static Map<String, String> tree(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(file).toString(), PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file)) + "\n" + Files.readString(file));
            }
        }
        return files;
    }

    /** The server's TLS files with their owner, mode and content. */
    private static Map<String, String> tlsFiles(PgCluster pg) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String name : List.of("server.crt", "server.key", "root.crt", "root.crl")) {
            Path file = pg.dataDir().resolve(name);
            files.put(name, Files.getOwner(file).getName() + " " + PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)) + "\n" + Files.readString(file));
        }
        return files;
    }

    private static ClientCertificateFiles client(Path directory, CertificateAuthority ca) throws Exception {
        return ClientCertificateFiles.write(directory, "certuser",
                ca.issueClient("certuser", Validity.days(Instant.now(), 30)), ca.certificate());
    }

    /** certuser connects with verify-full trusting only the client's root, and its certificate as the login. */
    private static boolean connects(PgCluster pg, ClientCertificateFiles client) throws SQLException {
        try (Connection in = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.port()
                + "/postgres?user=certuser&sslmode=verify-full&sslrootcert=" + client.root()
                + "&sslcert=" + client.certificate() + "&sslkey=" + client.pkcs8Key())) {
            return in.isValid(5);
        }
    }

    /** What psql prints connecting as certuser with verify-full, trusting only the client's root. */
    private static String psqlConnects(Path psql, PgCluster pg, ClientCertificateFiles client) throws Exception {
        Process process = new ProcessBuilder(psql.toString(), "-At", "-c", "SELECT 'connected'",
                "host=localhost port=" + pg.port() + " dbname=postgres user=certuser sslmode=verify-full sslrootcert="
                        + client.root() + " sslcert=" + client.certificate() + " sslkey=" + client.pemKey())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static Optional<Path> installedPsql() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(root)) {
            return homes.map(home -> home.resolve("bin/psql")).filter(Files::isExecutable).findFirst();
        }
    }

    private static void applied(PgCluster pg, Spec spec) throws Exception {
        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);
        assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe())
                .orElse(result.outcome().toString())).isEqualTo(ConvergeResult.Outcome.CONVERGED);
    }

    private static Spec spec(Path state, String commonName, TlsCaSpec.Rotate rotate) {
        TlsFileSpec issued = TlsFileSpec.issuedByCa();
        return Spec.builder()
                .tls(TlsSpec.builder().ca(new TlsCaSpec(true, null, commonName, null, rotate)).certificate(issued)
                        .key(issued).caBundle(issued).crl(issued).hostnames(List.of("localhost"))
                        .addresses(List.of("127.0.0.1")).stateDirectory(state.toString()).build()).build();
    }

    /** No TLS files left by an earlier test in the data directory, and a new state directory for the CA. */
    private static Path freshState(PgCluster pg) throws Exception {
        pg.reset();
        for (String name : List.of("server.crt", "server.key", "root.crt", "root.crl")) {
            Files.deleteIfExists(pg.dataDir().resolve(name));
        }
        return Files.createTempDirectory("pgstate-ca-rotation-");
    }

    private static Converger converger(PgCluster pg) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", pg.port(), pg.superuser(), "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
