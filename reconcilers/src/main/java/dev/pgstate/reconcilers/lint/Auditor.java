package dev.pgstate.reconcilers.lint;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.kind.hba.HbaReader;
import dev.pgstate.reconcilers.kind.hba.LiveHba;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code agent audit}: the shared rules over the live server (its roles and verifiers, every line of its
 * pg_hba.conf, its parameters where they were set), plus what only the box shows: errors the server reports for
 * pg_hba.conf lines and the TLS files. Needs the agent on the server's box, as a superuser (pg_authid, file paths).
 */
public final class Auditor {

    private static final List<String> PARAMETERS = List.of("ssl", "ssl_min_protocol_version", "ssl_ciphers",
            "password_encryption", "listen_addresses", "ssl_ca_file", "ssl_cert_file", "ssl_key_file",
            "data_directory");
    private static final String SETTINGS_SQL = """
            SELECT name, setting, sourcefile, sourceline
              FROM pg_catalog.pg_settings
             WHERE name = ANY (?)""";
    /** The SSL one is the hostssl rule's own finding; file_name exists from 16 on. */
    private static final String HBA_ERRORS_SQL = """
            SELECT %s AS file_name, line_number, error
              FROM pg_catalog.pg_hba_file_rules
             WHERE error IS NOT NULL AND error NOT LIKE '%%SSL is disabled%%'
             ORDER BY line_number""";

    private Auditor() {
    }

    /** @throws SQLException as the server reported it, e.g. permission denied on pg_hba_file_rules */
    public static LintReport audit(Connection connection, LoadedSpec loaded, Instant now) throws SQLException {
        Spec spec = loaded.spec();
        LiveState live = new LiveStateReader().read(connection);
        LiveHba hba = new HbaReader().read(connection);
        Map<String, Subject.Setting> settings = settings(connection);
        List<Finding> found = new ArrayList<>(Linter.run(LiveSubject.of(spec, live, hba, settings, now)));
        found.addAll(hbaErrors(connection, hba));
        Path dataDirectory = Path.of(value(settings, "data_directory"));
        LiveTlsFiles.check(dataDirectory, "on".equals(value(settings, "ssl")), value(settings, "ssl_cert_file"),
                value(settings, "ssl_key_file"), spec.tls(), now, found);
        return Linter.report(found, loaded);
    }

    /**
     * What plan and apply show: the spec's own errors, judged with the server's values for the parameters the spec
     * leaves alone (a hostssl rule the spec writes while the server has ssl = off is an error before it is written).
     * Warnings are left out before they are sorted by line: a line costs a second parse of the spec (see
     * {@link Location}), which a spec without errors then never pays for.
     */
    public static LintReport planned(Connection connection, LoadedSpec loaded, Instant now) throws SQLException {
        // the server's settings only inform the spec's findings (ssl off makes its hostssl rules dead); what the
        // server has that the spec does not say (PostgreSQL 11's md5 default) is audit's to report, not the plan's
        return Linter.report(Linter.runForErrors(SpecSubject.of(loaded, settings(connection), now)).stream()
                .filter(finding -> finding.severity() == Severity.ERROR
                        && loaded.source().file().equals(finding.location().file())).toList(), loaded);
    }

    private static String value(Map<String, Subject.Setting> settings, String name) {
        Subject.Setting setting = settings.get(name);
        return setting == null ? "" : setting.value();
    }

    private static Map<String, Subject.Setting> settings(Connection connection) throws SQLException {
        Map<String, Subject.Setting> settings = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(SETTINGS_SQL)) {
            Array names = connection.createArrayOf("text", PARAMETERS.toArray());
            query.setArray(1, names);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString("name");
                    settings.put(name, new Subject.Setting(rows.getString("setting"), LiveSubject.settingLocation(
                            name, rows.getString("sourcefile"), rows.getInt("sourceline"))));
                }
            }
        }
        return settings;
    }

    private static List<Finding> hbaErrors(Connection connection, LiveHba hba) throws SQLException {
        String sql = HBA_ERRORS_SQL.formatted(hba.grammar().major() >= 16 ? "file_name" : "NULL::text");
        List<Finding> errors = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String file = rows.getString("file_name");
                errors.add(new Finding(Rule.HBA_FILE_ERROR,
                        Location.inFile(file == null ? hba.file() : Path.of(file), rows.getInt("line_number")),
                        "the server reports: " + rows.getString("error")));
            }
        }
        return errors;
    }
}
