package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.PasswordSource.External;
import dev.pgstate.model.spec.PasswordSource.Origin;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.Applier;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.DatabaseConnections;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.kind.role.AlterRole;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.PasswordCheck;
import dev.pgstate.reconcilers.kind.role.PasswordVerdicts;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.reconcilers.registry.Kinds;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import dev.pgstate.reconcilers.secret.SecretException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords against real servers: set only as verifiers the agent computed, logged in with over TCP and
 * scram-sha-256, checked without being re-set, and drift found in words.
 */
class PasswordIT {

    @TempDir
    Path dir;

    private static final String FROM_FILE = "file pässword";
    private static final String FROM_ENV = "env-password-1";
    private static final String FROM_CREDENTIAL = "credential-password";
    private static final String FOR_VERIFIER = "verifier-password";
    private static final ScramVerifier GIVEN = Scram.verifier(Secret.of(FOR_VERIFIER.toCharArray()), 4096);

    @AcrossPgVersions
    void eachSourceSetsAVerifierTheAgentComputedAndTheRoleLogsInWithScram(PgCluster pg) throws Exception {
        Path file = secretFile(dir.resolve("from_file"), FROM_FILE + "\n");
        Path credentials = Files.createDirectory(dir.resolve("credentials"));
        Files.writeString(credentials.resolve("from_credential"), FROM_CREDENTIAL);
        Spec spec = Spec.builder()
                .roles(login("from_file", new External(Origin.FILE, file.toString(), null)),
                        login("from_env", new External(Origin.ENV, "FROM_ENV", 8192)),
                        login("from_credential", new External(Origin.CREDENTIAL, "from_credential", null)),
                        login("from_verifier", new PasswordSource.Verifier(GIVEN))).build();
        Converger converger = converger(pg, new SecretResolver(Map.of("FROM_ENV", FROM_ENV), Optional.of(credentials)));
        pg.execute("ALTER ROLE " + pg.superuser() + " SET log_statement = 'all'");
        requireScramOverTcp(pg, "from_file,from_env,from_credential,from_verifier");

        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);

        assertThat(currentUser(pg, "from_file", FROM_FILE)).isEqualTo("from_file");
        assertThat(currentUser(pg, "from_env", FROM_ENV)).isEqualTo("from_env");
        assertThat(currentUser(pg, "from_credential", FROM_CREDENTIAL)).isEqualTo("from_credential");
        assertThat(currentUser(pg, "from_verifier", FOR_VERIFIER)).isEqualTo("from_verifier");
        assertThatThrownBy(() -> currentUser(pg, "from_env", FROM_FILE)).isInstanceOf(SQLException.class);
        String stored = pg.psql("SELECT string_agg(rolpassword, ' ' ORDER BY rolname) FROM pg_authid"
                + " WHERE rolname LIKE 'from\\_%'");
        assertThat(stored.split(" ")).hasSize(4).allSatisfy(v -> assertThat(v).startsWith("SCRAM-SHA-256$"));
        assertThat(stored).contains("SCRAM-SHA-256$8192:").contains(GIVEN.text());
        // the server saw the verifiers the agent computed (even on 11-13, whose default is md5), never a plaintext
        String log = Files.readString(pg.logFile());
        for (String verifier : stored.split(" ")) {
            assertThat(log).contains("PASSWORD '" + verifier + "'");
        }
        assertThat(log).doesNotContain(FROM_FILE).doesNotContain(FROM_ENV).doesNotContain(FROM_CREDENTIAL)
                .doesNotContain(FOR_VERIFIER);

        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
        assertThat(pg.psql("SELECT string_agg(rolpassword, ' ' ORDER BY rolname) FROM pg_authid"
                + " WHERE rolname LIKE 'from\\_%'")).as("a converged box keeps its verifiers").isEqualTo(stored);
    }

    @AcrossPgVersions
    void aChangedSecretAndOutOfBandChangesAreDriftNamedInWords(PgCluster pg) throws Exception {
        Path file = secretFile(dir.resolve("app"), "first");
        Spec spec = Spec.builder().roles(login("app", new External(Origin.FILE, file.toString(), null))).build();
        Converger converger = converger(pg, SecretResolver.fromEnvironment(Map.of()));
        converger.apply(spec, ApplyListener.NONE);
        requireScramOverTcp(pg, "app");

        Files.writeString(file, "second");
        Plan rotated = converger.plan(spec);
        assertThat(rotated.changes()).singleElement().satisfies(change -> {
            assertThat(change).isInstanceOf(AlterRole.class);
            assertThat(change.attributes()).extracting(a -> a.name()).containsExactly(RoleAttribute.PASSWORD.key());
            assertThat(change.reason()).endsWith("; password: password differs");
        });
        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(currentUser(pg, "app", "second")).isEqualTo("app");

        pg.execute("SET password_encryption = 'scram-sha-256'; ALTER ROLE app PASSWORD 'out of band'");
        assertThat(onlyReason(converger.plan(spec))).endsWith("; password: password differs");
        // a value in md5 form is stored verbatim on every version, whatever password_encryption says
        pg.execute("ALTER ROLE app PASSWORD 'md5" + md5Hex("second" + "app") + "'");
        assertThat(onlyReason(converger.plan(spec))).endsWith("; password: stored as md5");
        pg.execute("ALTER ROLE app PASSWORD NULL");
        assertThat(onlyReason(converger.plan(spec))).endsWith("; password: no password");

        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(currentUser(pg, "app", "second")).isEqualTo("app");
        assertThat(converger.plan(spec).hasChanges()).isFalse();
    }

    @AcrossPgVersions
    void theChecksAfterAnApplyCostNoPbkdf2ForTheVerifiersItSent(PgCluster pg) throws Exception {
        AtomicInteger pbkdf2Runs = new AtomicInteger();
        Planner planner = new Planner(Kinds.planInputs(PasswordVerdicts.checkingWith((plaintext, stored) -> {
            pbkdf2Runs.incrementAndGet();
            return PasswordCheck.SCRAM.matches(plaintext, stored);
        })));
        List<RoleSpec> roles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            roles.add(login("app" + i, new External(Origin.FILE, secretFile(dir.resolve("app" + i), "s" + i).toString(),
                    null)));
        }
        Spec spec = Spec.builder().roles(roles).build();
        Converger converger = new Converger(connector(pg), Duration.ofSeconds(60),
                SecretResolver.fromEnvironment(Map.of()), planner);

        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(pbkdf2Runs).as("new roles: nothing stored to check before, their own verifiers after").hasValue(0);
        assertThat(converger.plan(spec).hasChanges()).isFalse();
        assertThat(pbkdf2Runs).hasValue(0);

        Files.writeString(dir.resolve("app3"), "rotated");
        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(pbkdf2Runs).as("only the rotated secret against the old verifier").hasValue(1);
        requireScramOverTcp(pg, "app3");
        assertThat(currentUser(pg, "app3", "rotated")).isEqualTo("app3");
    }

    @AcrossPgVersions
    void noneRemovesThePasswordOfPostgresWhichKeepsItsSocketAccess(PgCluster pg) throws Exception {
        pg.execute("ALTER ROLE " + pg.superuser() + " PASSWORD 'set by hand'");
        Spec spec = Spec.builder().roles(RoleSpec.named(pg.superuser()).withPassword(new PasswordSource.None()))
                .build();
        Converger converger = converger(pg, SecretResolver.fromEnvironment(Map.of()));

        assertThat(onlyReason(converger.plan(spec))).endsWith("; password: has a password, the spec says none");
        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);

        assertThat(pg.psql("SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = current_user")).isEqualTo("t");
        ConnectionSettings socket = new ConnectionSettings(pg.socketDir().toString(), pg.port(), pg.superuser(),
                "postgres", null, null, null, null, null, null, pg.serverUser().name());
        try (Connection connection = new Connector(ConnectionSettings.resolve(socket, Map.of(), ConnectionSpec.EMPTY))
                .connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(pg.superuser());
        }
        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    @AcrossPgVersions
    void anAgentThatCannotReadVerifiersSaysSoOnceAndChangesNothing(PgCluster pg) throws Exception {
        pg.execute("CREATE ROLE app LOGIN PASSWORD 'whatever'");
        pg.execute("CREATE ROLE other LOGIN");
        pg.execute("CREATE ROLE planner LOGIN");
        Spec spec = Spec.builder()
                .roles(login("app", new External(Origin.ENV, "APP_PASSWORD", null)),
                        login("other", new PasswordSource.None())).build();
        ConnectionSettings asPlanner = new ConnectionSettings("127.0.0.1", pg.port(), "planner", "postgres", null,
                "disable", null, null, null, null, null);
        Converger converger = new Converger(new Connector(ConnectionSettings.resolve(asPlanner, Map.of(),
                ConnectionSpec.EMPTY)), Duration.ZERO, SecretResolver.fromEnvironment(Map.of("APP_PASSWORD", "x")),
                new Planner());

        Plan plan = converger.plan(spec);

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.manualActions()).singleElement()
                .satisfies(action -> assertThat(action.reason()).contains("\"app\", \"other\""));
    }

    @AcrossPgVersions
    void aSecretThatCannotBeReadIsReportedBeforeWhatTheServerSaidThoughBothAreReadAtOnce(PgCluster pg)
            throws Exception {
        Spec spec = Spec.builder().roles(login("app", new External(Origin.ENV, "APP_PASSWORD", null))).build();
        Converger converger = converger(pg, SecretResolver.fromEnvironment(Map.of()));
        Connection session = connector(pg).connect();
        session.close(); // every catalog read fails too

        assertThatThrownBy(() -> converger.plan(spec, session)).isInstanceOf(SecretException.class)
                .hasMessageContaining("role \"app\": password from env APP_PASSWORD: the variable is not set");
        assertThatThrownBy(() -> converger.plan(Spec.builder().roles(login("app", new PasswordSource.None())).build(),
                session)).as("without a secret to read, what the server said").isInstanceOf(SQLException.class);
    }

    @AcrossPgVersions
    void aFailedPasswordStatementIsReportedWithoutItsVerifier(PgCluster pg) {
        pg.execute("CREATE ROLE app");
        Change create = new CreateRole("app", List.of(AttributeChange.created(RoleAttribute.PASSWORD,
                new DesiredPassword.Plaintext(Secret.of("failing-secret".toCharArray()), 4096))));
        DatabaseConnections connections = new DatabaseConnections() {
            @Override
            public Connection open(String database) throws SQLException {
                return pg.connect(database);
            }

            @Override
            public String maintenanceDatabase() {
                return "postgres";
            }
        };
        ServerInfo server = new ServerInfo(Integer.parseInt(pg.psql("SHOW server_version_num")), pg.superuser(),
                pg.superuser());

        ApplyResult result = new Applier(connections, server, ApplyListener.NONE).apply(List.of(create));

        assertThat(result.failure()).get().satisfies(failure -> assertThat(failure.describe())
                .contains("already exists").doesNotContain("SCRAM-SHA-256").doesNotContain("failing-secret"));
    }

    private static RoleSpec login(String name, PasswordSource password) {
        return RoleSpec.builder(name).login(true).password(password).build();
    }

    private static String onlyReason(Plan plan) {
        assertThat(plan.changes()).hasSize(1);
        return plan.changes().get(0).reason();
    }

    private static Path secretFile(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** TCP logins of {@code roles} must prove the password with SCRAM; everything else stays trust. */
    private static void requireScramOverTcp(PgCluster pg, String roles) throws IOException {
        String hba = Files.readString(pg.hbaFile());
        Files.writeString(pg.hbaFile(), "host all " + roles + " 127.0.0.1/32 scram-sha-256\n" + hba);
        pg.execute("SELECT pg_reload_conf()");
    }

    private static String currentUser(PgCluster pg, String user, String password) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?sslmode=disable";
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String md5Hex(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }

    private static Converger converger(PgCluster pg, SecretResolver secrets) {
        return new Converger(connector(pg), Duration.ofSeconds(60), secrets, new Planner());
    }

    private static Connector connector(PgCluster pg) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", pg.port(), pg.superuser(), "postgres", null,
                "disable", null, null, null, null, null);
        return new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY));
    }
}
