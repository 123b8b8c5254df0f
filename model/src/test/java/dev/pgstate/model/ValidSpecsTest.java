package dev.pgstate.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.PasswordSource.Origin;
import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.SchemaSpec;
import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.SettingsStrategy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.model.spec.UnmanagedPolicy;
import dev.pgstate.model.spec.UnmanagedSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture under specs/valid/ loads and validates; the tests below pin what they bind to. */
class ValidSpecsTest {

    /** The verifier seed 000's createuser sent for idbox. */
    private static final String SEED_VERIFIER = "SCRAM-SHA-256$4096:+uQKWsbuItKvVtPb/e0Kmg==$XT4os8G5xP8uZ+tU04bMAa1"
            + "GYuHy7vSK2R6DSAFFDlY=:f51Djrbc7vTfYlHAhj9AKTsQBZo/DOjUJaqhjsc+iY8=";
    private static final Path VALID = Path.of("src/test/resources/specs/valid");

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(VALID)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void loadsAndValidates(Path fixture) {
        assertThat(Specs.load(fixture)).isNotNull();
    }

    @Test
    void unmanagedPolicyAndSilencedLintRulesBind() {
        Spec spec = load("unmanaged-and-lint.yaml");

        assertThat(spec.unmanaged()).isEqualTo(new UnmanagedSpec(UnmanagedPolicy.REPORT, UnmanagedPolicy.DRIFT,
                UnmanagedPolicy.IGNORE, true, "admin"));
        assertThat(spec.unmanaged().forRole(true)).isEqualTo(UnmanagedPolicy.DRIFT);
        assertThat(spec.unmanaged().forRole(false)).isEqualTo(UnmanagedPolicy.REPORT);
        assertThat(spec.lint().reasonToIgnore("hba-broad-address"))
                .isEqualTo("the guide admits the box's own network over SSL");
        assertThat(spec.lint().reasonToIgnore("hba-trust")).isNull();
    }

    @Test
    void withoutThePolicyEveryUnmanagedObjectIsReported() {
        Spec spec = load("empty-sections.yaml");

        assertThat(spec.unmanaged()).isEqualTo(UnmanagedSpec.DEFAULT);
        assertThat(spec.unmanaged().forRole(true)).isEqualTo(UnmanagedPolicy.REPORT);
        assertThat(spec.unmanaged().drops()).isFalse();
        assertThat(spec.lint().ignore()).isEmpty();
    }

    @Test
    void fullExampleBindsEveryField() {
        Spec spec = load("full-example.yaml");

        assertThat(spec.connection()).isEqualTo(
                ConnectionSpec.builder().host("/var/run/postgresql").port(5432).user("postgres")
                        .database("postgres").sslmode("disable").build());
        assertThat(spec.roles()).containsExactly(
                RoleSpec.builder("admin").superuser(true).createdb(true).createrole(false).login(true).build(),
                RoleSpec.builder("idbox").login(true).connectionLimit(10).validUntil("infinity")
                        .memberOf(List.of(MembershipSpec.of("app_readers"),
                                        new MembershipSpec("app_writers", false, true, true))).build(),
                RoleSpec.builder("old_service").state(State.ABSENT).reassignOwnedTo("admin").build());
        assertThat(spec.databases()).containsExactly(
                DatabaseSpec.builder("idboxdb").owner("idbox").encoding("UTF8").locale("C")
                        .template("template0").connectionLimit(-1).allowConnections(true).isTemplate(false).build(),
                DatabaseSpec.builder("scratch").state(State.ABSENT).forceDrop(true).build());
    }

    @Test
    void passwordSourcesBindToWhereTheSecretIsNeverToTheSecret() {
        Spec spec = load("password-sources.yaml");

        assertThat(spec.roles()).extracting(RoleSpec::password).containsExactly(
                new PasswordSource.None(),
                new PasswordSource.External(Origin.FILE, "/etc/pgstate/secrets/admin", null),
                new PasswordSource.External(Origin.ENV, "IDBOX_PASSWORD", 8192),
                new PasswordSource.External(Origin.CREDENTIAL, "backup", null),
                new PasswordSource.Verifier(ScramVerifier.parse(SEED_VERIFIER).orElseThrow()));
        ScramVerifier verifier = ((PasswordSource.Verifier) spec.roles().get(4).password()).verifier();
        assertThat(verifier.iterations()).isEqualTo(4096);
        assertThat(verifier.salt()).hasSize(16);
        assertThat(spec.roles().get(4).toString()).doesNotContain("XT4os8G5").doesNotContain("+uQKWsbu");
    }

    @Test
    void extensionsBindWithTheirDefaults() {
        Spec spec = load("extensions.yaml");

        assertThat(spec.database("appdb").orElseThrow().extensions()).containsExactly(
                ExtensionSpec.named("pg_trgm"),
                new ExtensionSpec("hstore", "1.5", "public", State.PRESENT, null),
                ExtensionSpec.named("pg_stat_statements"),
                new ExtensionSpec("citext", null, null, State.ABSENT, true));
        assertThat(spec.database("plain").orElseThrow().extensions()).isEmpty();
    }

    @Test
    void schemasBindWithTheirDefaults() {
        Spec spec = load("schemas.yaml");

        assertThat(spec.database("appdb").orElseThrow().schemas()).containsExactly(
                SchemaSpec.named("reporting"),
                new SchemaSpec("app", "app", State.PRESENT, null),
                SchemaSpec.named("we\"ird\nschema"),
                new SchemaSpec("scratch", null, State.ABSENT, null),
                new SchemaSpec("old_data", null, State.ABSENT, true));
    }

    @Test
    void hostileNamesKeepTheirExactText() {
        Spec spec = load("hostile-names.yaml");

        assertThat(spec.roles()).extracting(RoleSpec::name).containsExactly(
                "x\"; DROP ROLE postgres; --", "it's", "two words", "MixedCase", "Ünïcödé_ロール", "back\\slash",
                " padded ", "007", "yes", "PG_upper_is_not_reserved",
                "a23456789012345678901234567890123456789012345678901234567890123");
        assertThat(spec.roles().get(10).memberOf()).extracting(MembershipSpec::role)
                .containsExactly("x\"; DROP ROLE postgres; --", "two words");
        assertThat(spec.databases()).extracting(DatabaseSpec::name, DatabaseSpec::owner).containsExactly(
                org.assertj.core.groups.Tuple.tuple("db\"; DROP DATABASE postgres; --", "it's"),
                org.assertj.core.groups.Tuple.tuple("Ünïcödé", "MixedCase"));
    }

    @Test
    void memberOfTakesBareNamesAndMappings() {
        Spec spec = load("member-of-forms.yaml");

        assertThat(spec.role("monitoring").orElseThrow().memberOf()).containsExactly(
                MembershipSpec.of("pg_monitor"),
                MembershipSpec.of("pg_read_all_settings"),
                new MembershipSpec("app_writers", true, false, false));
        assertThat(spec.role("nobody_special").orElseThrow().memberOf()).isEmpty();
        assertThat(spec.role("unmanaged").orElseThrow().managesMemberships()).isFalse();
    }

    @Test
    void validUntilKeepsTheTextAsWritten() {
        Spec spec = load("valid-until-forms.yaml");

        assertThat(spec.roles()).extracting(RoleSpec::validUntil).containsExactly(
                "infinity", "Infinity", "2027-01-31", "2027-01-31T12:00:00Z", "2027-01-31 12:00:00+02:00",
                "2027-01-31T12:00:00");
    }

    @Test
    void theServerSectionKeepsValuesAsWrittenAndDefaultsToAlterSystemAndRestartIfNeeded() {
        ServerSpec server = load("server-section.yaml").server();

        assertThat(server.listenAddresses()).containsExactly("localhost", "192.168.1.20");
        assertThat(server.strategy()).isEqualTo(SettingsStrategy.FILE);
        assertThat(server.restart()).isEqualTo(RestartPolicy.NEVER);
        // YAML's numbers and booleans keep the text written, as postgresql.conf would read it
        assertThat(server.settings()).containsExactly(Map.entry("work_mem", "64MB"), Map.entry("statement_timeout", "30s"),
                Map.entry("log_connections", "on"), Map.entry("max_connections", "100"),
                Map.entry("random_page_cost", "1.1"), Map.entry("log_disconnections", "true"),
                Map.entry("search_path", "\"$user\", public"));
        assertThat(server.desired()).extracting(ServerSpec.DesiredSetting::field).startsWith(
                "server.listen_addresses", "server.port", "server.password_encryption", "server.settings.work_mem");
        assertThat(server.desired().get(0).value()).isEqualTo("localhost,192.168.1.20");
        assertThat(load("empty-sections.yaml").server())
                .extracting(ServerSpec::strategy, ServerSpec::restart, ServerSpec::managesSettings)
                .containsExactly(SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, false);
    }

    @Test
    void emptySectionsMeanNothingToManage() {
        Spec spec = load("empty-sections.yaml");

        assertThat(spec).isEqualTo(Spec.builder().connection(ConnectionSpec.EMPTY).build());
    }

    private static Spec load(String fixture) {
        return Specs.load(VALID.resolve(fixture));
    }

    @Test
    void tlsSectionBindsSourcesDestinationsAndTheCa() {
        TlsSpec tls = load("tls.yaml").tls();

        assertThat(tls.ca()).isEqualTo(new TlsCaSpec(true, null, "idbox CA", "3650d",
                new TlsCaSpec.Rotate("30d")));
        assertThat(tls.certificate()).isEqualTo(TlsFileSpec.issuedByCa());
        assertThat(tls.key()).isEqualTo(TlsFileSpec.builder().issue(true).owner("postgres").mode("0600").build());
        assertThat(tls.caBundle().destination()).isEqualTo("root.crt");
        assertThat(tls.crl().file()).isEqualTo("/etc/pgstate/tls/revoked.crl");
        assertThat(tls.hostnames()).containsExactly("localhost", "db.example.com");
        assertThat(tls.addresses()).containsExactly("127.0.0.1", "::1");
        assertThat(tls.renewBeforeDays()).isEqualTo(30);
        assertThat(tls.issuesFromCa()).isTrue();
        assertThat(load("tls-from-files.yaml").tls())
                .extracting(TlsSpec::issuesFromCa, TlsSpec::renewBefore, TlsSpec::stateDirectory)
                .containsExactly(false, TlsSpec.DEFAULT_RENEW_BEFORE, TlsSpec.DEFAULT_STATE_DIRECTORY);
        assertThat(load("tls-from-files.yaml").tls().key().passphrase()).isEqualTo(new PasswordSource.External(
                PasswordSource.Origin.CREDENTIAL, "tls-key-passphrase", null));
        assertThat(load("server-section.yaml").tls()).isNull();
    }
}
