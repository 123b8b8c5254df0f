package dev.pgstate.model.validate;

import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What can be said about the tls section without reading any file: one source per file, a CA wherever something
 * is issued, names and addresses a certificate can carry, and modes the server accepts for its key. Whether the
 * material itself is sound (key matches, chain, expiry, SANs) is checked at plan time.
 */
final class TlsRule implements SpecRule {

    private static final Pattern DAYS = Pattern.compile(TlsSpec.DAYS);
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HOSTNAME = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    /** The server refuses a key file with group or world access, except group read when root owns it. */
    private static final int KEY_FORBIDDEN = 0077;
    private static final int ROOT_KEY_FORBIDDEN = 0037;

    @Override
    public void check(Spec spec, Problems problems) {
        TlsSpec tls = spec.tls();
        if (tls == null) {
            return;
        }
        if (tls.certificate() == null) {
            problems.add("tls", "a certificate is required");
        }
        if (tls.key() == null) {
            problems.add("tls", "a key is required");
        }
        checkFile(tls.certificate(), "tls.certificate", problems);
        checkFile(tls.key(), "tls.key", problems);
        checkFile(tls.caBundle(), "tls.ca_bundle", problems);
        checkFile(tls.crl(), "tls.crl", problems);
        checkKeyMode(tls.key(), problems);
        checkPassphrases(tls, problems);
        checkIssued(tls, problems);
        checkCa(tls, problems);
        checkDays(tls.renewBefore(), "tls.renew_before", problems);
        checkNames(tls.hostnames(), tls.addresses(), problems);
        if (!tls.stateDirectory().startsWith("/")) {
            problems.add("tls.state_directory", "expected an absolute path, found \"" + tls.stateDirectory() + "\"");
        }
    }

    private static void checkFile(TlsFileSpec file, String field, Problems problems) {
        if (file == null) {
            return;
        }
        if (file.sourceCount() != 1) {
            problems.add(field, "give exactly one source: file, pem or issue");
        } else if (Boolean.FALSE.equals(file.issue())) {
            problems.add(field + ".issue", "only issue: true is a source; use file or pem otherwise");
        }
        if (file.file() != null && !file.file().startsWith("/")) {
            problems.add(field + ".file", "expected an absolute path, found \"" + file.file() + "\"");
        }
        if (file.pem() != null && !file.pem().contains("-----BEGIN ")) {
            problems.add(field + ".pem", "expected PEM text (-----BEGIN …-----)");
        }
        if (file.destination() != null && file.destination().isBlank()) {
            problems.add(field + ".destination", "must not be empty; leave it out for the server's default");
        }
        if (file.mode() != null && !MODE.matcher(file.mode()).matches()) {
            problems.add(field + ".mode", "expected octal permissions such as \"0600\", found \"" + file.mode() + "\"");
        }
    }

    private static void checkKeyMode(TlsFileSpec key, Problems problems) {
        if (key == null || key.mode() == null || !MODE.matcher(key.mode()).matches()) {
            return;
        }
        int mode = Integer.parseInt(key.mode(), 8);
        boolean rootOwned = "root".equals(key.owner());
        if ((mode & (rootOwned ? ROOT_KEY_FORBIDDEN : KEY_FORBIDDEN)) != 0) {
            problems.add("tls.key.mode", "PostgreSQL refuses a private key with mode " + key.mode()
                    + ": use 0600 or less when the server's user owns it, 0640 or less when root does");
        }
    }

    /** Only a key is encrypted, and its passphrase is read like a password: never written in the spec. */
    private static void checkPassphrases(TlsSpec tls, Problems problems) {
        List<String> fields = List.of("tls.certificate", "tls.ca_bundle", "tls.crl");
        List<TlsFileSpec> files = Arrays.asList(tls.certificate(), tls.caBundle(), tls.crl());
        for (int i = 0; i < fields.size(); i++) {
            if (files.get(i) != null && files.get(i).passphrase() != null) {
                problems.add(fields.get(i) + ".passphrase", "only the key takes a passphrase");
            }
        }
        PasswordSource passphrase = tls.key() == null ? null : tls.key().passphrase();
        if (passphrase == null) {
            return;
        }
        if (!(passphrase instanceof PasswordSource.External external)) {
            problems.add("tls.key.passphrase", "expected {file: /path}, {env: VARIABLE} or {credential: NAME}: the "
                    + "server needs the passphrase itself");
        } else if (external.iterations() != null) {
            problems.add("tls.key.passphrase.iterations", "goes with a password only");
        }
    }

    private static void checkIssued(TlsSpec tls, Problems problems) {
        boolean certificateIssued = tls.certificate() != null && tls.certificate().issued();
        boolean keyIssued = tls.key() != null && tls.key().issued();
        if (certificateIssued != keyIssued && tls.certificate() != null && tls.key() != null) {
            problems.add(keyIssued ? "tls.key.issue" : "tls.certificate.issue",
                    "an issued certificate and its key go together: issue both or neither");
        }
        if (certificateIssued && tls.hostnames().isEmpty() && tls.addresses().isEmpty()) {
            problems.add("tls", "an issued certificate needs hostnames or addresses to cover");
        }
        if (tls.issuesFromCa() && tls.ca() == null) {
            problems.add("tls", "issue: true needs a ca section (create: true, or adopt a certificate and key)");
        }
    }

    private static void checkCa(TlsSpec tls, Problems problems) {
        TlsCaSpec ca = tls.ca();
        if (ca == null) {
            return;
        }
        if (ca.creates() == (ca.adopt() != null)) {
            problems.add("tls.ca", "give exactly one of create: true or adopt");
        }
        if (ca.adopt() != null) {
            checkAbsolute(ca.adopt().cert(), "tls.ca.adopt.cert", problems);
            checkAbsolute(ca.adopt().key(), "tls.ca.adopt.key", problems);
        }
        checkDays(ca.validFor(), "tls.ca.valid_for", problems);
        if (ca.rotate() != null) {
            if (!ca.creates()) {
                problems.add("tls.ca.rotate", "only a created CA (create: true) is rotated by the agent; an adopted "
                        + "one is replaced by adopting the next");
            }
            if (ca.rotate().overlap() == null) {
                problems.add("tls.ca.rotate", "overlap is required: how long both CAs are trusted, such as 30d");
            } else {
                checkDays(ca.rotate().overlap(), "tls.ca.rotate.overlap", problems);
            }
        }
    }

    private static void checkAbsolute(String path, String field, Problems problems) {
        if (path == null) {
            problems.add(field.substring(0, field.lastIndexOf('.')), field.substring(field.lastIndexOf('.') + 1)
                    + " is required");
        } else if (!path.startsWith("/")) {
            problems.add(field, "expected an absolute path, found \"" + path + "\"");
        }
    }

    private static void checkDays(String days, String field, Problems problems) {
        if (!DAYS.matcher(days).matches()) {
            problems.add(field, "expected a number of days such as 30d, found \"" + days + "\"");
        }
    }

    private static void checkNames(List<String> hostnames, List<String> addresses, Problems problems) {
        for (int i = 0; i < hostnames.size(); i++) {
            if (!HOSTNAME.matcher(hostnames.get(i)).matches()) {
                problems.add("tls.hostnames[" + i + "]", "not a DNS name: \"" + hostnames.get(i) + "\"");
            }
        }
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
                problems.add("tls.addresses[" + i + "]", "not an IP address: \"" + address + "\"");
            }
        }
    }
}
