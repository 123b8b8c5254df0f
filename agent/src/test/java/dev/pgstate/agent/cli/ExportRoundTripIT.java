package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static dev.pgstate.reconcilers.core.sql.Sql.identifier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.kind.tls.CertificateAuthority;
import dev.pgstate.reconcilers.kind.tls.KeyAndCertificate;
import dev.pgstate.reconcilers.kind.tls.Pem;
import dev.pgstate.reconcilers.kind.tls.Validity;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export describes the server exactly: planning the exported spec against the same server changes nothing, and
 * applying it changes no file. The server has what a box has: roles with and without passwords, databases with
 * extensions and settings, pg_hba.conf rules of its own (a comment, quoted names), parameters in postgresql.conf, an
 * included file and postgresql.auto.conf, and TLS on with files outside the data directory.
 */
class ExportRoundTripIT {

    private static final String QUOTE = "we\"ird";
    private static final String COLON = "a: b";
    private static final String SPACE = " lead";
    private static final String UNICODE = "ünï 名前";
    private static final String BOOLEAN = "true";
    private static final String NUMBER = "007";

    @AcrossPgVersions
    void exportedSpecPlansToNoChanges(PgCluster pg, @TempDir Path dir, @TempDir Path tls) throws Exception {
        pg.execute("CREATE ROLE " + identifier(COLON) + " LOGIN CREATEDB CONNECTION LIMIT 5 VALID UNTIL '2031-01-01'");
        pg.execute("CREATE ROLE " + identifier(QUOTE) + " NOINHERIT");
        pg.execute("CREATE ROLE " + identifier(SPACE) + " REPLICATION");
        pg.execute("CREATE ROLE " + identifier(UNICODE) + " CREATEROLE");
        pg.execute("CREATE ROLE " + identifier(BOOLEAN) + " BYPASSRLS");
        pg.execute("CREATE ROLE " + identifier(NUMBER) + " SUPERUSER PASSWORD 'never exported'");
        pg.execute("GRANT " + identifier(COLON) + " TO " + identifier(QUOTE) + " WITH ADMIN OPTION");
        pg.execute("GRANT " + identifier(UNICODE) + " TO " + identifier(SPACE));
        pg.execute("GRANT pg_monitor TO " + identifier(NUMBER));
        if (pg.majorVersion() >= 16) {
            pg.execute("GRANT " + identifier(BOOLEAN) + " TO " + identifier(COLON) + " WITH INHERIT FALSE, SET FALSE");
        }
        pg.execute("CREATE DATABASE " + identifier(UNICODE) + " OWNER " + identifier(COLON) + " CONNECTION LIMIT 3");
        pg.execute("CREATE DATABASE " + identifier(COLON) + " OWNER " + identifier(NUMBER)
                + " TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'");
        pg.execute("CREATE DATABASE tmpl IS_TEMPLATE true ALLOW_CONNECTIONS false");
        pg.psql(UNICODE, "CREATE SCHEMA " + identifier(QUOTE) + "; CREATE EXTENSION hstore SCHEMA " + identifier(QUOTE)
                + " VERSION '1.4'; CREATE EXTENSION pg_trgm");
        pg.execute("ALTER ROLE " + identifier(COLON) + " SET work_mem = '64MB'");
        pg.execute("ALTER ROLE " + identifier(QUOTE) + " SET search_path = app, 'My Schema'");
        pg.execute("ALTER ROLE " + identifier(QUOTE) + " SET default_transaction_read_only = on");
        pg.execute("ALTER DATABASE " + identifier(UNICODE) + " SET statement_timeout = '30s'");
        // a role's settings in one database have no place in a spec: left out, and not drift
        pg.execute("ALTER ROLE " + identifier(COLON) + " IN DATABASE " + identifier(UNICODE) + " SET work_mem = '1MB'");
        String verifier = pg.psql("SELECT rolpassword FROM pg_authid WHERE rolname = '007'").strip();
        String key = serveTls(pg, tls);
        Files.writeString(pg.hbaFile(), """
                # the application, from the loopback only
                host    "my db"    app,"all"    127.0.0.1/32    scram-sha-256
                hostssl all    +%s    127.0.0.2/32    cert   # certificate logins
                """.formatted(identifier(COLON)) + Files.readString(pg.hbaFile()));
        Path confD = Files.createDirectories(pg.dataDir().resolve("conf.d"));
        Files.writeString(confD.resolve("extra.conf"), "log_min_duration_statement = 250\n");
        pg.serverUser().own(confD);
        Files.writeString(pg.configFile(), Files.readString(pg.configFile()) + "maintenance_work_mem = '32MB'\n"
                + "include_dir = 'conf.d'\n");
        pg.execute("ALTER SYSTEM SET random_page_cost = 1.5");
        pg.restart();
        Path exported = dir.resolve("exported.yaml");

        AgentRun export = agentOn(pg, "export", "--output", exported.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        String spec = Files.readString(exported);
        // what a spec cannot hold is said, not dropped: initdb's long pg_hba.conf header belongs to no rule
        assertThat(export.err()).matches("(?s)not exported: " + Pattern.quote(pg.hbaFile().toString())
                + ": \\d+ comment lines not directly above a rule \\(a spec keeps a comment only with its rule\\)\n"
                + "exported 6 roles, 3 databases, \\d+ settings, 8 pg_hba.conf rules and the TLS files to "
                + Pattern.quote(exported.toString()) + "\n");
        // roles without a password say so; the one with a password leaves it unmanaged, never exported
        assertThat(spec).contains("password: none").doesNotContain("SCRAM-SHA-256")
                .doesNotContain("md5").doesNotContain("never exported")
                .contains("settings:\n      work_mem: 64MB").contains("settings:\n      statement_timeout: 30s");
        // the extensions in their hostile schema come back as the plan below shows: exactly as they are
        assertThat(spec).contains("    extensions:\n      - name: hstore\n        version: \"1.4\"\n")
                .contains("      - name: pg_trgm\n").doesNotContain("plpgsql");
        // parameters with where each comes from; none the tls section sets, nor the TLS files' contents
        assertThat(spec).contains("    # " + pg.configFile() + ":")
                .containsPattern("    # " + Pattern.quote(pg.configFile().toString()) + ":\\d+\n    maintenance_work_mem: 32MB\n")
                .containsPattern("    # " + Pattern.quote(confD.resolve("extra.conf").toString())
                        + ":1\n    log_min_duration_statement: \"250\"\n")
                .containsPattern("    # " + Pattern.quote(pg.dataDir().resolve("postgresql.auto.conf").toString())
                        + ":\\d+\n    random_page_cost: \"1.5\"\n")
                .doesNotContain("ssl_cert_file").doesNotContain("ssl:")
                .contains("  certificate:\n    file: " + tls.resolve("server.crt") + "\n")
                .contains("  key:\n    file: " + tls.resolve("server.key") + "\n")
                .contains("  ca_bundle:\n    file: " + tls.resolve("root.crt") + "\n")
                .doesNotContain("PRIVATE KEY").doesNotContain(key.lines().skip(2).findFirst().orElseThrow())
                .doesNotContain(verifier);
        // the file's rules as they are, the quoted names in pg_hba.conf's own syntax and the comments with them
        assertThat(spec).contains("""
                    - type: host
                      databases:
                        - '"my db"'
                      users:
                        - app
                        - '"all"'
                      address: 127.0.0.1/32
                      method: scram-sha-256
                      comment: "the application, from the loopback only"
                """).contains("""
                      method: cert
                      comment: certificate logins
                """);

        AgentRun plan = agentOn(pg, "plan", "--spec", exported.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err() + spec).isZero();
        // above it the lint findings of what the server has (initdb's trust rules), which export does not hide
        assertThat(plan.out()).as(plan.out()).contains("\nNo changes. The server matches the spec.\n\n")
                .endsWith("\nPlan: 0 to add, 0 to change, 0 to destroy; 0 unmanaged, 0 need manual action.\n");
        List<Path> files = List.of(pg.hbaFile(), pg.configFile(), pg.dataDir().resolve("postgresql.auto.conf"),
                tls.resolve("server.crt"), tls.resolve("server.key"), tls.resolve("root.crt"));
        Map<Path, String> before = contents(files);

        AgentRun apply = agentOn(pg, "apply", "--spec", exported.toString());

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).as(apply.out()).contains("\nNo changes. The server matches the spec.\n");
        assertThat(contents(files)).isEqualTo(before);
    }

    /**
     * ssl = on in postgresql.conf with a certificate, its key and the CA's root in a directory of their own, owned as
     * on a box: the agent's user or root; when the tests run as root, the key root's with the server's group, mode
     * 0640, as PostgreSQL allows. Returns the key's PEM, which no export may hold.
     */
    private static String serveTls(PgCluster pg, Path tls) throws Exception {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create("export root", Validity.days(now, 365));
        KeyAndCertificate server = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Validity.days(now, 90));
        Files.setPosixFilePermissions(tls, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path certificate = Files.writeString(tls.resolve("server.crt"), server.certificatePem());
        Path key = Files.writeString(tls.resolve("server.key"), server.keyPem());
        Path root = Files.writeString(tls.resolve("root.crt"), Pem.write(ca.certificate()));
        if (pg.serverUser().switchesUser()) {
            UserPrincipal owner = Files.getOwner(tls);
            pg.serverUser().own(key);
            Files.setOwner(key, owner);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        } else {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(pg.configFile(), Files.readString(pg.configFile()) + "ssl = on\nssl_cert_file = '"
                + certificate + "'\nssl_key_file = '" + key + "'\nssl_ca_file = '" + root + "'\n");
        return server.keyPem();
    }

    private static Map<Path, String> contents(List<Path> files) throws IOException {
        Map<Path, String> contents = new LinkedHashMap<>();
        for (Path file : files) {
            contents.put(file, Files.readString(file));
        }
        return contents;
    }

    /**
     * A config line's escapes give log_line_prefix two trailing line breaks, which no spec may hold: the export
     * names the line and leaves the value out (it was a {@code |+} block that the export's own load refused), and
     * the exported spec loads and plans to no changes.
     */
    @AcrossPgVersions
    void aValueEndingInTwoLineBreaksIsNamedNotExportedAndTheExportPlansClean(PgCluster pg, @TempDir Path dir)
            throws Exception {
        Files.writeString(pg.configFile(), Files.readString(pg.configFile()) + "log_line_prefix = '%m\\n\\n'\n");
        pg.execute("SELECT pg_reload_conf()");
        assertThat(pg.psql("SELECT setting = E'%m\\n\\n' FROM pg_settings WHERE name = 'log_line_prefix'"))
                .isEqualTo("t");
        Path exported = dir.resolve("exported.yaml");

        AgentRun export = agentOn(pg, "export", "--output", exported.toString());

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.err()).containsPattern("not exported: server.settings.log_line_prefix \\("
                + Pattern.quote(pg.configFile().toString()) + ":\\d+\\): its value holds a control character"
                + " \\(U\\+000A at character 3\\), which a spec cannot hold; it stays as the config file sets it\n");
        assertThat(Files.readString(exported)).doesNotContain("log_line_prefix:").doesNotContain("|");
        AgentRun plan = agentOn(pg, "plan", "--spec", exported.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("No changes. The server matches the spec.");
    }

    /** A role that may not see the config files exports what it can read, and names what it could not. */
    @AcrossPgVersions
    void anOrdinaryRoleExportsWhatItMayReadAndNamesTheRest(PgCluster pg) {
        pg.execute("CREATE ROLE reader LOGIN");

        AgentRun export = agent("export", "--host", "127.0.0.1", "--port", String.valueOf(pg.port()), "--user",
                "reader", "--dbname", "postgres");

        assertThat(export.exitCode()).as(export.err()).isZero();
        // the server's words differ by version ("permission denied …", "must be superuser or …")
        assertThat(export.err()).containsPattern("not exported: server settings: ERROR: [^\n]+ \\(pg_file_settings"
                        + " needs a superuser or pg_read_all_settings\\)\n")
                .containsPattern("not exported: pg_hba.conf: ERROR: [^\n]+ \\(hba_file needs a superuser or"
                        + " pg_read_all_settings\\)\n");
        assertThat(export.out()).contains("  - name: reader\n").doesNotContain("\nserver:").doesNotContain("\nhba:");
    }

    @AcrossPgVersions
    void exportToStdoutOmitsBootstrapObjects(PgCluster pg) {
        pg.execute("CREATE ROLE app LOGIN");

        AgentRun export = agentOn(pg, "export");

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).startsWith("# pgstate spec exported from PostgreSQL " + pg.majorVersion()
                + " at 127.0.0.1:" + pg.port() + "\n# not exported: " + pg.hbaFile() + ": ")
                .contains("\nroles:\n  - name: app\n").contains("databases: []\nserver:\n")
                .doesNotContain("name: postgres").doesNotContain("name: pg_");
    }
}
