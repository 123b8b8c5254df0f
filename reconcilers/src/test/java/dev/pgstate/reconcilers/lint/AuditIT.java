package dev.pgstate.reconcilers.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.model.validate.SpecValidator;
import dev.pgstate.reconcilers.kind.tls.CertificateAuthority;
import dev.pgstate.reconcilers.kind.tls.KeyAndCertificate;
import dev.pgstate.reconcilers.kind.tls.Validity;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent audit} on real servers: a box set up with the mistakes the guides warn about shows each live rule at
 * its file line or object, and a box set up as the guides say shows none of them. pg_hba.conf is written but never
 * reloaded (pg_hba_file_rules and the audit read the file on disk), so the tests' own connections keep working.
 */
class AuditIT {

    private static final String SPEC = """
            roles:
              - {name: admin, superuser: true, login: true}
            hba:
              rules:
                - {type: local, users: [postgres], method: peer}
            """;

    private static final String BEGIN = "# BEGIN pgstate managed block: the agent rewrites these lines from its spec; "
            + "edit the spec instead\n";
    private static final String END = "# END pgstate managed block\n";

    /** The rules that only a live server can break. */
    private static final List<Rule> LIVE_RULES = List.of(Rule.ROLE_UNEXPECTED_SUPERUSER, Rule.ROLE_MD5_VERIFIER,
            Rule.HBA_UNKNOWN_NAME, Rule.HBA_UNMANAGED_PERMISSIVE, Rule.HBA_FILE_ERROR, Rule.HBA_HOSTSSL_WITHOUT_SSL);

    /** With {@link #tlsFilesAreJudgedByExpiryAndMode}, every rule only audit checks has a case here. */
    @Test
    void everyLiveRuleHasItsCase() {
        List<Rule> covered = new java.util.ArrayList<>(LIVE_RULES);
        covered.addAll(List.of(Rule.TLS_CERTIFICATE_EXPIRY, Rule.TLS_KEY_MODE, Rule.TLS_CA_KEY_MODE));
        assertThat(java.util.Arrays.stream(Rule.values()).filter(Rule::live)).allMatch(covered::contains);
    }

    @AcrossPgVersions
    void aWeakBoxShowsEveryLiveRuleAtItsLineOrObject(PgCluster pg) throws Exception {
        pg.execute("CREATE ROLE admin LOGIN SUPERUSER");
        pg.execute("CREATE ROLE rogue LOGIN SUPERUSER");
        pg.execute("CREATE ROLE gone LOGIN VALID UNTIL '2000-01-01'");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'md5'");
            s.execute("CREATE ROLE oldpw LOGIN PASSWORD 'audit-test-password'");
        }
        Files.writeString(pg.hbaFile(), BEGIN
                + "local   all  postgres                 peer\n"
                + "hostssl all  admin     127.0.0.1/32   scram-sha-256\n"
                + "host    all  all       127.0.0.1/32   scram-sha-256\n"
                + "host    all  ghost     127.0.0.1/32   scram-sha-256\n"
                + END
                + "host    all  all       0.0.0.0/0      trust\n"
                + "host    all  all       127.0.0.1/32   ldap\n");

        LintReport report = audit(pg);

        Path hba = pg.hbaFile();
        assertThat(report.findings()).extracting(f -> f.rule().id() + " " + f.location().describe()).contains(
                "role-unexpected-superuser role.rogue",
                "role-md5-verifier role.oldpw",
                "role-expired-login role.gone",
                "hba-hostssl-without-ssl " + hba + ":3",
                "hba-shadowed-rule " + hba + ":5",
                "hba-unknown-name " + hba + ":5",
                "hba-unmanaged-permissive " + hba + ":7",
                "hba-trust " + hba + ":7",
                "hba-file-error " + hba + ":8");
        assertThat(report.findings()).noneMatch(f -> f.location().describe().equals("role.admin"));
        if (pg.majorVersion() < 14) {
            assertThat(ids(report)).as("md5 is the default before 14").contains("password-encryption");
        }
        assertThat(report.fails(false)).isTrue();
    }

    @AcrossPgVersions
    void aBoxSetUpAsTheGuidesSayShowsNoLiveRule(PgCluster pg) throws Exception {
        pg.execute("CREATE ROLE admin LOGIN SUPERUSER");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE app LOGIN PASSWORD 'audit-test-password'");
        }
        Files.writeString(pg.hbaFile(), BEGIN
                + "local   all  postgres                 peer\n"
                + "host    all  app       127.0.0.1/32   scram-sha-256\n"
                + END
                + "host    all  all       0.0.0.0/0      reject\n");

        LintReport report = audit(pg);

        assertThat(report.findings()).extracting(Finding::rule).doesNotContainAnyElementsOf(LIVE_RULES)
                .doesNotContain(Rule.ROLE_EXPIRED_LOGIN, Rule.HBA_SHADOWED_RULE, Rule.HBA_TRUST);
    }

    @AcrossPgVersions
    void tlsFilesAreJudgedByExpiryAndMode(PgCluster pg, @TempDir Path state) throws Exception {
        Path data = pg.dataDir();
        CertificateAuthority ca = CertificateAuthority.create("audit CA", Validity.days(Instant.now(), 365));
        Path caKey = Files.createDirectories(state.resolve("tls")).resolve("ca.key");
        String spec = SPEC + "tls:\n  ca: {create: true, common_name: audit CA}\n  certificate: {issue: true}\n"
                + "  key: {issue: true}\n  hostnames: [localhost]\n  state_directory: " + state + "\n";
        try {
            install(pg, ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Validity.days(Instant.now(), 90)));
            Files.writeString(caKey, "not read, only its mode");
            Files.setPosixFilePermissions(caKey, PosixFilePermissions.fromString("rw-------"));
            pg.execute("ALTER SYSTEM SET ssl = on");
            pg.execute("SELECT pg_reload_conf()");

            assertThat(audit(pg, spec).findings()).extracting(Finding::rule)
                    .doesNotContain(Rule.TLS_CERTIFICATE_EXPIRY, Rule.TLS_KEY_MODE, Rule.TLS_CA_KEY_MODE);

            install(pg, ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Validity.days(Instant.now(), 5)));
            Files.setPosixFilePermissions(data.resolve("server.key"), PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(caKey, PosixFilePermissions.fromString("rw-r--r--"));

            assertThat(audit(pg, spec).findings()).extracting(f -> f.rule().id() + " " + f.location().describe())
                    .contains("tls-certificate-expiry " + data.resolve("server.crt"),
                            "tls-key-mode " + data.resolve("server.key"),
                            "tls-ca-key-mode " + caKey);
        } finally {
            pg.execute("ALTER SYSTEM RESET ssl");
            pg.execute("SELECT pg_reload_conf()");
            Files.deleteIfExists(data.resolve("server.crt"));
            Files.deleteIfExists(data.resolve("server.key"));
        }
    }

    private static void install(PgCluster pg, KeyAndCertificate material) throws Exception {
        Path key = pg.dataDir().resolve("server.key");
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, material.keyPem());
        Files.writeString(pg.dataDir().resolve("server.crt"), material.certificatePem());
        pg.serverUser().own(key);
        pg.serverUser().own(pg.dataDir().resolve("server.crt"));
    }

    static LintReport audit(PgCluster pg) throws Exception {
        return audit(pg, SPEC);
    }

    static LintReport audit(PgCluster pg, String yaml) throws Exception {
        LoadedSpec loaded = SpecLoader.read("spec.yaml", yaml);
        SpecValidator.validate(loaded);
        try (Connection connection = pg.connect("postgres")) {
            return Auditor.audit(connection, loaded, Instant.now());
        }
    }

    private static List<String> ids(LintReport report) {
        return report.findings().stream().map(f -> f.rule().id()).toList();
    }
}
