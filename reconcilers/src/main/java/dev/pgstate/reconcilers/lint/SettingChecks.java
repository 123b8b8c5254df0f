package dev.pgstate.reconcilers.lint;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The parameters the hardening guide names: password_encryption, the TLS floor and ciphers, listen_addresses. */
final class SettingChecks implements Check {

    /** OpenSSL cipher-string words that enable no encryption, no authentication, or broken algorithms. */
    private static final List<String> WEAK_CIPHER_WORDS =
            List.of("NULL", "EXP", "RC4", "MD5", "DES", "LOW", "ADH", "AECDH");
    private static final List<String> EVERY_INTERFACE = List.of("*", "0.0.0.0", "::");

    @Override
    public void check(Subject subject, List<Finding> out) {
        subject.setting("password_encryption").filter(s -> !s.value().equalsIgnoreCase("scram-sha-256"))
                .ifPresent(s -> out.add(new Finding(Rule.PASSWORD_ENCRYPTION, s.location(),
                        "password_encryption is \"" + s.value() + "\": new passwords are stored as md5")));
        subject.setting("ssl_min_protocol_version")
                .filter(s -> List.of("tlsv1", "tlsv1.1").contains(s.value().toLowerCase(Locale.ROOT)))
                .ifPresent(s -> out.add(new Finding(Rule.SSL_MIN_PROTOCOL, s.location(),
                        "ssl_min_protocol_version is " + s.value() + ", below TLSv1.2")));
        subject.setting("ssl_ciphers").ifPresent(s -> {
            List<String> weak = weakCiphers(s.value());
            if (!weak.isEmpty()) {
                out.add(new Finding(Rule.SSL_WEAK_CIPHERS, s.location(),
                        "ssl_ciphers \"" + s.value() + "\" enables " + String.join(", ", weak)));
            }
        });
        subject.setting("listen_addresses").ifPresent(s -> listenAll(subject, s, out));
    }

    /** The words of a cipher string that add weak suites; {@code !}, {@code -} and {@code +} words add none. */
    static List<String> weakCiphers(String ciphers) {
        return Arrays.stream(ciphers.split("[:, ]+"))
                .filter(word -> !word.isEmpty() && "!-+".indexOf(word.charAt(0)) < 0)
                .filter(word -> WEAK_CIPHER_WORDS.stream().anyMatch(w -> word.toUpperCase(Locale.ROOT).contains(w)))
                .collect(Collectors.toList());
    }

    private static void listenAll(Subject subject, Subject.Setting listen, List<Finding> out) {
        boolean everyInterface = Arrays.stream(listen.value().split(",")).map(String::strip)
                .anyMatch(EVERY_INTERFACE::contains);
        if (!everyInterface || !subject.hbaComplete()) {
            return;
        }
        boolean hbaAdmitsAnyAddress = subject.hbaRules().stream().map(Subject.HbaEntryAt::rule)
                .anyMatch(rule -> !RuleShape.rejects(rule) && RuleShape.anyAddress(rule));
        if (!hbaAdmitsAnyAddress) {
            out.add(new Finding(Rule.LISTEN_ALL_NARROW_HBA, listen.location(), "listen_addresses is \""
                    + listen.value() + "\" while no pg_hba.conf rule admits clients from any address"));
        }
    }
}
