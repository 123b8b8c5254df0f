package dev.pgstate.reconcilers.kind.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The tls section end to end on real servers: issue, install, reload, prove what is served, renew, refuse. */
class TlsIT {

    private static final String START_TIME = "SELECT pg_postmaster_start_time()";

    @AcrossPgVersions
    void aVerifyFullClientTrustingOnlyTheCaConnectsWithAtLeastTheMinimumProtocol(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        Spec spec = spec(state, pg.majorVersion() >= 12 ? Map.of("ssl_min_protocol_version", "TLSv1.3") : Map.of());

        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).as(describe(result)).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(result.plan().changes()).filteredOn(c -> c instanceof InstallTlsFiles).hasSize(1);
        String root = new CaStore(state).certificateFile().toString();
        try (Connection tls = DriverManager.getConnection(url(pg, "sslmode=verify-full&sslrootcert=" + root));
             Statement statement = tls.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean("ssl")).isTrue();
            if (pg.majorVersion() >= 12) {
                assertThat(row.getString("version")).isEqualTo("TLSv1.3");
            }
        }
        assertThat(TlsProbe.served("127.0.0.1", pg.port())).contains(installedFingerprint(pg));
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    @AcrossPgVersions
    void mutualTlsLetsInTheUserWithItsCertificateAndNobodyElse(PgCluster pg) throws Exception {
        Path state = serverTrustingClientCertificates(pg);
        CertificateAuthority ca = new CaStore(state).read();
        ClientCertificateFiles certuser = ClientCertificateFiles.write(state.resolve("clients"), "certuser",
                ca.issueClient("certuser", Validity.days(Instant.now(), 30)), ca.certificate());
        ClientCertificateFiles other = ClientCertificateFiles.write(state.resolve("clients"), "otheruser",
                ca.issueClient("otheruser", Validity.days(Instant.now(), 30)), ca.certificate());
        String root = "sslmode=verify-full&sslrootcert=" + new CaStore(state).certificateFile();

        try (Connection in = DriverManager.getConnection(clientUrl(pg, root, certuser))) {
            assertThat(in.isValid(5)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url(pg, root).replace("user=postgres", "user=certuser")))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(clientUrl(pg, root, other)))
                .isInstanceOf(SQLException.class).hasMessageContaining("certuser");
    }

    /**
     * TLS is for TCP clients, and the agent proves what the server serves over TCP: on a server listening on no TCP
     * address (walk-through: listen_addresses = '') the apply installed everything, then failed saying the server
     * "did not load the new TLS material". Refused when planning, changing nothing.
     */
    @AcrossPgVersions
    void aTlsSectionForAServerListeningOnNoTcpAddressIsRefused(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        Spec base = spec(state, Map.of());
        Spec socketOnly = Spec.builder().server(ServerSpec.builder().listenAddresses(List.of()).build())
                .tls(base.tls()).build();

        assertThatThrownBy(() -> converger(pg).apply(socketOnly, ApplyListener.NONE))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("tls: the server is to listen on no TCP address (listen_addresses is empty)");
        assertThat(pg.psql("SHOW ssl")).isEqualTo("off");
        assertThat(state.resolve("tls")).doesNotExist();
    }

    @AcrossPgVersions
    void aCertificateInsideTheRenewalWindowIsReissuedWithAReloadNotARestart(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        Spec spec = spec(state, Map.of());
        converger(pg).apply(spec, ApplyListener.NONE);
        CertificateAuthority ca = new CaStore(state).read();
        KeyAndCertificate expiring = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"),
                Validity.days(Instant.now(), 10));
        replaceBehindTheAgent(pg, expiring);
        pg.execute("SELECT pg_reload_conf()");
        String started = pg.psql(START_TIME);
        String root = "sslmode=verify-full&sslrootcert=" + new CaStore(state).certificateFile();

        try (Connection open = DriverManager.getConnection(url(pg, root))) {
            ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

            assertThat(result.outcome()).as(describe(result)).isEqualTo(ConvergeResult.Outcome.CONVERGED);
            assertThat(result.plan().changes()).singleElement().satisfies(change -> assertThat(
                    change.attributes().get(0).before().toString()).contains("(in 9 days)"));
            assertThat(TlsProbe.served("127.0.0.1", pg.port())).isPresent().get()
                    .isNotEqualTo(Fingerprint.of(expiring.certificate())).isEqualTo(installedFingerprint(pg));
            assertThat(pg.psql(START_TIME)).isEqualTo(started);
            assertThat(open.isValid(5)).isTrue();
        }
        try (Connection fresh = DriverManager.getConnection(url(pg, root))) {
            assertThat(fresh.isValid(5)).isTrue();
        }
    }

    @AcrossPgVersions
    void brokenMaterialIsRefusedAtPlanTimeAndTheServerKeepsItsCertificate(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        converger(pg).apply(spec(state, Map.of()), ApplyListener.NONE);
        Fingerprint before = installedFingerprint(pg);
        CertificateAuthority ca = new CaStore(state).read();
        Instant now = Instant.now();
        KeyAndCertificate good = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Validity.days(now, 90));
        KeyAndCertificate other = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Validity.days(now, 90));
        KeyAndCertificate expired = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"),
                new Validity(now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(1))));
        KeyAndCertificate wrongName = ca.issueServer(List.of("elsewhere.example"), List.of(), Validity.days(now, 90));

        assertRefused(pg, state, other.keyPem(), good.certificatePem(),
                "tls: the private key does not belong to the certificate \"CN=localhost\"");
        assertRefused(pg, state, expired.keyPem(), expired.certificatePem(),
                "tls: the certificate \"CN=localhost\" expired on ");
        assertRefused(pg, state, wrongName.keyPem(), wrongName.certificatePem(),
                "tls: the certificate \"CN=elsewhere.example\" does not cover the host name localhost");
        assertThat(TlsProbe.served("127.0.0.1", pg.port())).contains(before);
        assertThat(installedFingerprint(pg)).isEqualTo(before);
    }

    @AcrossPgVersions
    void aKeyTheServerCannotLoadIsCaughtByTheFingerprintProbe(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        converger(pg).apply(spec(state, Map.of()), ApplyListener.NONE);
        Fingerprint before = installedFingerprint(pg);
        Files.delete(pg.dataDir().resolve("server.crt")); // the agent reissues both; the key is spoiled on its way
        String stranger = CertificateAuthority.create("stranger", Validity.days(Instant.now(), 30))
                .issueServer(List.of("localhost"), List.of(), Validity.days(Instant.now(), 30)).keyPem();
        String[] issuedKey = new String[1];
        AtomicFile.BeforeRename spoilKey = temp -> {
            if (temp.getFileName().toString().startsWith(".server.key")) {
                issuedKey[0] = Files.readString(temp);
                Files.writeString(temp, stranger);
            }
        };

        ConvergeResult result = converger(pg, spoilKey).apply(spec(state, Map.of()), ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(result.applied().failure()).get().extracting(f -> f.describe()).asString()
                .startsWith("tls.server: the server serves " + before + " instead of the installed certificate ")
                .contains("it did not load the new TLS material");
        assertThat(result.applied().failure().orElseThrow().error().sqlState()).as("the agent's finding").isNull();
        assertThat(TlsProbe.served("127.0.0.1", pg.port())).contains(before);

        // the right key put back behind the agent, without a reload: every file is right, the server still is not
        Files.writeString(pg.dataDir().resolve("server.key"), issuedKey[0]);
        Fingerprint issued = installedFingerprint(pg);
        Plan stale = converger(pg).plan(spec(state, Map.of()));
        assertThat(stale.changes()).singleElement().isInstanceOfSatisfying(InstallTlsFiles.class, change -> {
            assertThat(change.files()).isEmpty();
            assertThat(change.attributes()).singleElement().satisfies(served -> {
                assertThat(served.name()).isEqualTo("served certificate");
                assertThat(served.before()).isEqualTo(before.toString());
                assertThat(served.after()).isEqualTo(issued.toString());
            });
        });
        assertThat(converger(pg).apply(spec(state, Map.of()), ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(TlsProbe.served("127.0.0.1", pg.port())).contains(issued);
        assertThat(converger(pg).plan(spec(state, Map.of())).hasChanges()).isFalse();
    }

    /** A CRL in the spec is installed and enforced: a revoked client certificate is refused, its sibling let in. */
    @AcrossPgVersions
    void aRevokedClientCertificateIsRefusedOnceTheCrlIsInstalled(PgCluster pg) throws Exception {
        Path state = serverTrustingClientCertificates(pg);
        CertificateAuthority ca = new CaStore(state).read();
        Instant now = Instant.now();
        KeyAndCertificate revokedPair = ca.issueClient("certuser", Validity.days(now, 30));
        ClientCertificateFiles revoked = ClientCertificateFiles.write(state.resolve("revoked"), "certuser", revokedPair,
                ca.certificate());
        ClientCertificateFiles kept = ClientCertificateFiles.write(state.resolve("kept"), "certuser",
                ca.issueClient("certuser", Validity.days(now, 30)), ca.certificate());
        Path crl = Files.writeString(state.resolve("ca.crl"), crl(ca, revokedPair.certificate(), now));
        String root = "sslmode=verify-full&sslrootcert=" + new CaStore(state).certificateFile();
        try (Connection before = DriverManager.getConnection(clientUrl(pg, root, revoked))) {
            assertThat(before.isValid(5)).as("no CRL yet").isTrue();
        }
        TlsSpec issued = spec(state, Map.of()).tls();
        Spec withCrl = Spec.builder()
                .tls(TlsSpec.builder().ca(issued.ca()).certificate(issued.certificate()).key(issued.key())
                        .caBundle(issued.caBundle()).crl(fromFile(crl)).hostnames(issued.hostnames())
                        .addresses(issued.addresses()).stateDirectory(state.toString()).build()).build();

        ConvergeResult result = converger(pg).apply(withCrl, ApplyListener.NONE);

        assertThat(result.outcome()).as(describe(result)).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(pg.psql("SHOW ssl_crl_file")).endsWith(".crl");
        try (Connection in = DriverManager.getConnection(clientUrl(pg, root, kept))) {
            assertThat(in.isValid(5)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(clientUrl(pg, root, revoked)))
                .isInstanceOf(SQLException.class);
        assertThat(converger(pg).plan(withCrl).hasChanges()).isFalse();
    }

    /** The agent's TLS applied, and certuser let in over TLS by its client certificate only; returns the state. */
    private static Path serverTrustingClientCertificates(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        assertThat(converger(pg).apply(spec(state, Map.of()), ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        pg.execute("CREATE ROLE certuser LOGIN");
        Files.writeString(pg.hbaFile(), "hostssl all certuser 127.0.0.1/32 cert\n" + Files.readString(pg.hbaFile()));
        pg.execute("SELECT pg_reload_conf()");
        return state;
    }

    /** A CRL from {@code ca} revoking {@code revoked}, in PEM, valid for a week from {@code now}. */
    private static String crl(CertificateAuthority ca, X509Certificate revoked, Instant now) throws Exception {
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.certificate(), Date.from(now.minusSeconds(60)))
                .setNextUpdate(Date.from(now.plus(Duration.ofDays(7))))
                .addCRLEntry(revoked.getSerialNumber(), Date.from(now.minusSeconds(60)), CRLReason.keyCompromise)
                .addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()))
                .addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
        byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key())).getEncoded();
        return "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END X509 CRL-----\n";
    }

    /**
     * A certificate from another CA, through an intermediate: the whole chain goes into the certificate file, the
     * server hands it out, and a client that trusts only the root verifies the server. Without its intermediate the
     * same leaf is refused before anything is installed.
     */
    @AcrossPgVersions
    void aChainThroughAnIntermediateIsServedWhole(PgCluster pg) throws Exception {
        Path state = freshState(pg);
        Instant now = Instant.now();
        CertificateAuthority root = CertificateAuthority.create("external root", Validity.days(now, 365));
        CertificateAuthority intermediate = intermediate(root, Validity.days(now, 365));
        KeyAndCertificate leaf = intermediate.issueServer(List.of("localhost"), List.of("127.0.0.1"),
                Validity.days(now, 90));
        Path chain = Files.writeString(state.resolve("chain.crt"), Pem.write(leaf.certificate(),
                intermediate.certificate()));
        Path key = Files.writeString(state.resolve("leaf.key"), Pem.write(leaf.key()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path rootFile = Files.writeString(state.resolve("root.crt"), Pem.write(root.certificate()));
        Spec spec = Spec.builder()
                .tls(TlsSpec.builder().certificate(fromFile(chain)).key(fromFile(key)).caBundle(fromFile(rootFile))
                        .hostnames(List.of("localhost")).addresses(List.of("127.0.0.1"))
                        .stateDirectory(state.toString()).build()).build();

        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).as(describe(result)).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        try (Connection tls = DriverManager.getConnection(url(pg, "sslmode=verify-full&sslrootcert=" + rootFile));
             Statement statement = tls.createStatement();
             ResultSet row = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean("ssl")).isTrue();
        }
        assertThat(TlsProbe.served("127.0.0.1", pg.port())).contains(Fingerprint.of(leaf.certificate()));
        assertThat(converger(pg).plan(spec).hasChanges()).isFalse();

        Files.writeString(chain, Pem.write(leaf.certificate()));
        assertThatThrownBy(() -> converger(pg).plan(spec)).isInstanceOf(PlanningException.class)
                .hasMessageContaining("does not chain to the CA");
    }

    private static TlsFileSpec fromFile(Path file) {
        return TlsFileSpec.fromFile(file.toString());
    }

    /** An intermediate CA under {@code root}, as an external PKI would have one: CA:TRUE, path length 0. */
    private static CertificateAuthority intermediate(CertificateAuthority root, Validity validity) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root.certificate(),
                BigInteger.valueOf(System.nanoTime()), Date.from(validity.notBefore()), Date.from(validity.notAfter()),
                new X500Name("CN=external intermediate"), pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(root.certificate()))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(root.key())));
        return new CertificateAuthority(certificate, pair.getPrivate());
    }

    private static void assertRefused(PgCluster pg, Path state, String keyPem, String certificatePem,
                                      String message) throws Exception {
        Path key = Files.writeString(state.resolve("candidate.key"), keyPem);
        Path certificate = Files.writeString(state.resolve("candidate.crt"), certificatePem);
        TlsFileSpec root = TlsFileSpec.issuedByCa();
        Spec spec = Spec.builder()
                .tls(TlsSpec.builder().ca(new TlsCaSpec(true, null, null, null, null))
                        .certificate(fromFile(certificate))
                        .key(fromFile(key)).caBundle(root)
                        .hostnames(List.of("localhost")).addresses(List.of("127.0.0.1"))
                        .stateDirectory(state.toString()).build()).build();

        assertThatThrownBy(() -> converger(pg).apply(spec, ApplyListener.NONE))
                .isInstanceOf(PlanningException.class).hasMessageContaining(message);
    }

    /** No TLS files left by an earlier test in the data directory, and a new state directory for the CA. */
    private static Path freshState(PgCluster pg) throws Exception {
        pg.reset();
        for (String name : List.of("server.crt", "server.key", "root.crt")) {
            Files.deleteIfExists(pg.dataDir().resolve(name));
        }
        return Files.createTempDirectory("pgstate-tls-");
    }

    private static Spec spec(Path state, Map<String, String> settings) {
        TlsFileSpec issued = TlsFileSpec.issuedByCa();
        ServerSpec server = ServerSpec.builder().settings(settings).build();
        return Spec.builder().server(server)
                .tls(TlsSpec.builder().ca(new TlsCaSpec(true, null, null, null, null)).certificate(issued).key(issued)
                        .caBundle(issued).hostnames(List.of("localhost")).addresses(List.of("127.0.0.1"))
                        .stateDirectory(state.toString()).build()).build();
    }

    private static void replaceBehindTheAgent(PgCluster pg, KeyAndCertificate pair) throws Exception {
        Path key = pg.dataDir().resolve("server.key");
        Files.writeString(key, pair.keyPem());
        Files.writeString(pg.dataDir().resolve("server.crt"), pair.certificatePem());
        pg.serverUser().own(key);
        pg.serverUser().own(pg.dataDir().resolve("server.crt"));
    }

    private static Fingerprint installedFingerprint(PgCluster pg) throws Exception {
        return Fingerprint.of(Pem.certificates(Files.readString(pg.dataDir().resolve("server.crt"))).get(0));
    }

    private static String url(PgCluster pg, String options) {
        return "jdbc:postgresql://localhost:" + pg.port() + "/postgres?user=postgres&" + options;
    }

    private static String clientUrl(PgCluster pg, String options, ClientCertificateFiles client) {
        return "jdbc:postgresql://localhost:" + pg.port() + "/postgres?user=certuser&" + options
                + "&sslcert=" + client.certificate() + "&sslkey=" + client.pkcs8Key();
    }

    private static String describe(ConvergeResult result) {
        return result.applied().failure().map(f -> f.describe()).orElse(result.outcome().toString());
    }

    private static Converger converger(PgCluster pg) {
        return converger(pg, AtomicFile.BeforeRename.NONE);
    }

    private static Converger converger(PgCluster pg, AtomicFile.BeforeRename hook) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", pg.port(), pg.superuser(), "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner())
                .withTlsFileHook(hook);
    }
}
