package dev.pgstate.model.validate;

import dev.pgstate.model.load.FieldPath;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.LintSpec;
import dev.pgstate.model.spec.MustKeepSpec;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.model.text.Printable;
import java.util.List;
import java.util.Map;

/**
 * No text that reaches a file, a name or a line of output may hold a control character. pg_hba.conf and
 * postgresql.conf end a line at a line break, so a newline in a comment or a value would write a second,
 * unchecked line (a {@code trust} rule, a parameter); names travel into pg_hba.conf and into plans and logs.
 * Only a PEM text may span lines, and it still holds no other control character.
 */
final class ControlCharacterRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.roles().size(); i++) {
            checkRole(spec.roles().get(i), i, problems);
        }
        for (int i = 0; i < spec.databases().size(); i++) {
            DatabaseSpec database = spec.databases().get(i);
            checkFields(Problems.database(i, ""), problems, "name", database.name(), "owner", database.owner(),
                    "encoding", database.encoding(), "locale", database.locale(), "lc_collate", database.lcCollate(),
                    "lc_ctype", database.lcCtype(), "template", database.template());
            checkMap(Problems.database(i, "settings"), database.settings(), problems);
        }
        if (spec.hba() != null) {
            checkHba(spec.hba(), problems);
        }
        checkList("server.listen_addresses", spec.server().listenAddresses(), problems);
        check("server.password_encryption", spec.server().passwordEncryption(), problems);
        checkMap("server.settings", spec.server().settings(), problems);
        // the shell would run a second line as a second command, outside the restart's rollback
        check("server.restart_command", spec.server().restartCommand(), problems);
        checkList("server.reset", spec.server().reset(), problems);
        if (spec.tls() != null) {
            checkTls(spec.tls(), problems);
        }
        checkOutsideObjects(spec, problems);
    }

    /** How the agent connects, and what it says about unmanaged objects and findings: text of its messages too. */
    private static void checkOutsideObjects(Spec spec, Problems problems) {
        ConnectionSpec connection = spec.connection();
        checkFields("connection", problems, "host", connection.host(), "user", connection.user(), "database",
                connection.database(), "sslmode", connection.sslmode(), "sslrootcert", connection.sslrootcert(),
                "sslcert", connection.sslcert(), "sslkey", connection.sslkey(), "requirepeer", connection.requirepeer());
        check("unmanaged.reassign_owned_to", spec.unmanaged().reassignOwnedTo(), problems);
        for (int i = 0; i < spec.lint().ignore().size(); i++) {
            LintSpec.Ignore ignore = spec.lint().ignore().get(i);
            checkFields(FieldPath.index("lint.ignore", i), problems, "rule", ignore.rule(), "reason", ignore.reason());
        }
    }

    private static void checkRole(RoleSpec role, int i, Problems problems) {
        check(Problems.role(i, "name"), role.name(), problems);
        check(Problems.role(i, "reassign_owned_to"), role.reassignOwnedTo(), problems);
        check(Problems.role(i, "valid_until"), role.validUntil(), problems);
        if (role.managesMemberships()) {
            for (int j = 0; j < role.memberOf().size(); j++) {
                check(Problems.membership(i, j), role.memberOf().get(j).role(), problems);
            }
        }
        if (role.password() instanceof PasswordSource.External external) {
            check(Problems.role(i, "password"), external.reference(), problems);
        }
        checkMap(Problems.role(i, "settings"), role.settings(), problems);
    }

    private static void checkHba(HbaSpec hba, Problems problems) {
        for (int i = 0; i < hba.rules().size(); i++) {
            HbaRuleSpec rule = hba.rules().get(i);
            String at = FieldPath.index("hba.rules", i);
            checkFields(at, problems, "type", rule.type(), "address", rule.address(), "method", rule.method(),
                    "comment", rule.comment());
            checkList(FieldPath.key(at, "databases"), rule.databases(), problems);
            checkList(FieldPath.key(at, "users"), rule.users(), problems);
            checkMap(FieldPath.key(at, "options"), rule.options(), problems);
        }
        for (int i = 0; i < hba.mustKeep().size(); i++) {
            MustKeepSpec keep = hba.mustKeep().get(i);
            checkFields(FieldPath.index("hba.must_keep", i), problems, "address", keep.address(), "user", keep.user(),
                    "database", keep.database());
        }
    }

    private static void checkTls(TlsSpec tls, Problems problems) {
        TlsCaSpec ca = tls.ca();
        if (ca != null) {
            check("tls.ca.common_name", ca.commonName(), problems);
            if (ca.adopt() != null) {
                check("tls.ca.adopt.cert", ca.adopt().cert(), problems);
                check("tls.ca.adopt.key", ca.adopt().key(), problems);
            }
        }
        checkFile("tls.certificate", tls.certificate(), problems);
        checkFile("tls.key", tls.key(), problems);
        checkFile("tls.ca_bundle", tls.caBundle(), problems);
        checkFile("tls.crl", tls.crl(), problems);
        checkList("tls.hostnames", tls.hostnames(), problems);
        checkList("tls.addresses", tls.addresses(), problems);
        check("tls.state_directory", tls.stateDirectory(), problems);
    }

    private static void checkFile(String at, TlsFileSpec file, Problems problems) {
        if (file == null) {
            return;
        }
        checkFields(at, problems, "file", file.file(), "destination", file.destination(), "owner", file.owner(),
                "group", file.group(), "mode", file.mode());
        if (file.passphrase() instanceof PasswordSource.External external) {
            check(FieldPath.key(at, "passphrase"), external.reference(), problems);
        }
        if (file.pem() != null) {
            report(FieldPath.key(at, "pem"), file.pem(), Printable.firstControl(file.pem().replace('\n', ' ').replace('\r', ' ')),
                    problems);
        }
    }

    /** {@code keysAndValues} alternate: the key of a field under {@code at}, then its value (null when absent). */
    private static void checkFields(String at, Problems problems, String... keysAndValues) {
        for (int k = 0; k < keysAndValues.length; k += 2) {
            check(FieldPath.key(at, keysAndValues[k]), keysAndValues[k + 1], problems);
        }
    }

    private static void checkList(String at, List<String> values, Problems problems) {
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                check(FieldPath.index(at, i), values.get(i), problems);
            }
        }
    }

    /** Keys are checked like values: an option or parameter name is written into the file too. */
    private static void checkMap(String at, Map<String, String> values, Problems problems) {
        if (values == null) {
            return;
        }
        values.forEach((key, value) -> {
            String field = FieldPath.key(at, key);
            check(field, key, problems);
            check(field, value, problems);
        });
    }

    static void check(String field, String value, Problems problems) {
        if (value != null) {
            report(field, value, Printable.firstControl(value), problems);
        }
    }

    private static void report(String field, String value, int at, Problems problems) {
        if (at >= 0) {
            problems.add(field, "must not contain control characters (line breaks, tabs, escapes); found "
                    + String.format("U+%04X", (int) value.charAt(at)) + " at character " + (at + 1));
        }
    }
}
