package dev.pgstate.reconcilers.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.model.validate.SpecValidator;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule lint checks offline: a spec that breaks it and a near twin that does not. */
class LinterTest {

    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    /** A whole-file pg_hba.conf with {@code rules} (YAML flow mappings, one per line). */
    static String hba(String... rules) {
        StringBuilder yaml = new StringBuilder("hba:\n  ownership: whole-file\n  rules:\n");
        for (String rule : rules) {
            yaml.append("    - ").append(rule).append('\n');
        }
        return yaml.toString();
    }

    static final String PEER = "{type: local, databases: [all], users: [postgres], method: peer}";

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(Rule.HBA_TRUST,
                        hba("{type: host, address: 10.0.0.0/8, method: trust}"),
                        hba("{type: local, users: [postgres], method: trust}")),
                Arguments.of(Rule.HBA_TRUST,
                        hba("{type: local, users: [all], method: trust}"),
                        hba(PEER)),
                Arguments.of(Rule.HBA_PASSWORD_CLEARTEXT,
                        hba("{type: host, address: 10.0.0.0/8, method: password}"),
                        hba("{type: hostssl, address: 10.0.0.0/8, method: scram-sha-256}")),
                Arguments.of(Rule.HBA_WEAK_PASSWORD_METHOD,
                        hba("{type: hostssl, address: 10.0.0.0/8, method: md5}"),
                        hba("{type: hostssl, address: 10.0.0.0/8, method: scram-sha-256}")),
                Arguments.of(Rule.PASSWORD_ENCRYPTION,
                        "server:\n  password_encryption: md5\n",
                        "server:\n  password_encryption: scram-sha-256\n"),
                Arguments.of(Rule.BOOTSTRAP_SUPERUSER_PASSWORD,
                        "roles:\n  - name: postgres\n    password: {file: /etc/pgstate/postgres}\n",
                        "roles:\n  - name: postgres\n    password: none\n"),
                Arguments.of(Rule.HBA_HOST_WITHOUT_SSL,
                        hba("{type: hostnossl, address: 192.168.1.0/24, method: scram-sha-256}"),
                        hba("{type: host, address: 127.0.0.1/32, method: scram-sha-256}")),
                Arguments.of(Rule.HBA_BROAD_ADDRESS,
                        hba("{type: hostssl, address: 0.0.0.0/0, method: scram-sha-256}"),
                        hba("{type: hostssl, address: 192.168.1.0/24, method: scram-sha-256}")),
                Arguments.of(Rule.HBA_BROAD_ADDRESS,
                        hba("{type: hostssl, address: samenet, method: scram-sha-256}"),
                        hba("{type: hostssl, address: all, method: reject}")),
                Arguments.of(Rule.LISTEN_ALL_NARROW_HBA,
                        "server:\n  listen_addresses: ['*']\n" + hba("{type: hostssl, address: 192.168.1.0/24, method: cert}"),
                        "server:\n  listen_addresses: [localhost, 192.168.1.20]\n"
                                + hba("{type: hostssl, address: 192.168.1.0/24, method: cert}")),
                Arguments.of(Rule.SSL_MIN_PROTOCOL,
                        "server:\n  settings:\n    ssl_min_protocol_version: TLSv1\n",
                        "server:\n  settings:\n    ssl_min_protocol_version: TLSv1.2\n"),
                Arguments.of(Rule.SSL_WEAK_CIPHERS,
                        "server:\n  settings:\n    ssl_ciphers: ALL:NULL:eNULL\n",
                        "server:\n  settings:\n    ssl_ciphers: HIGH:MEDIUM:+3DES:!aNULL\n"),
                Arguments.of(Rule.HBA_CERT_WITHOUT_CA,
                        TLS_WITHOUT_CA + hba("{type: hostssl, address: 10.0.0.0/8, method: cert}"),
                        TLS_WITHOUT_CA + hba("{type: hostssl, address: 10.0.0.0/8, method: scram-sha-256}")),
                Arguments.of(Rule.ROLE_LOGIN_WITHOUT_CREDENTIAL,
                        "roles:\n  - {name: app, login: true, password: none}\n"
                                + hba("{type: local, users: [app], method: scram-sha-256}"),
                        "roles:\n  - {name: app, login: true, password: none}\n"
                                + hba("{type: local, users: [app], method: peer}")),
                Arguments.of(Rule.ROLE_UNREACHABLE,
                        "roles:\n  - {name: app, login: true}\n" + hba(PEER),
                        "roles:\n  - {name: app, login: true, member_of: [staff]}\n  - {name: staff}\n"
                                + hba(PEER, "{type: local, users: [+staff], method: scram-sha-256}")),
                Arguments.of(Rule.ROLE_EXPIRED_LOGIN,
                        "roles:\n  - {name: app, login: true, valid_until: '2026-01-01'}\n",
                        "roles:\n  - {name: app, login: false, valid_until: '2026-01-01'}\n"),
                Arguments.of(Rule.HBA_SHADOWED_RULE,
                        hba("{type: host, address: 10.0.0.0/9, method: scram-sha-256}",
                                "{type: host, address: 10.128.0.0/9, method: scram-sha-256}",
                                "{type: host, address: 10.0.0.0/8, users: [app], method: reject}"),
                        hba("{type: host, address: 10.0.0.0/9, method: scram-sha-256}",
                                "{type: host, address: 10.0.0.0/8, users: [app], method: reject}")),
                Arguments.of(Rule.LINT_UNKNOWN_IGNORE,
                        "lint:\n  ignore:\n    - {rule: no-such-rule, reason: typo}\n",
                        "lint:\n  ignore:\n    - {rule: hba-trust, reason: a test box}\n"));
    }

    private static final String TLS_WITHOUT_CA = """
            tls:
              ca: {create: true, common_name: test CA}
              certificate: {issue: true}
              key: {issue: true}
              hostnames: [localhost]
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleFiresOnItsSpecAndNotOnItsTwin(Rule rule, String breaking, String keeping) {
        assertThat(ids(lint(breaking))).as("rules broken by:\n%s", breaking).contains(rule.id());
        assertThat(ids(lint(keeping))).as("rules broken by:\n%s", keeping).doesNotContain(rule.id());
    }

    @Test
    void everyOfflineRuleHasItsCase() {
        List<Rule> covered = rules().map(a -> (Rule) a.get()[0]).toList();
        assertThat(Stream.of(Rule.values()).filter(r -> !r.live())).allMatch(covered::contains);
    }

    @Test
    void aFindingPointsAtTheSpecLineWithWhyAndFix() {
        LintReport report = lint("roles: []\n" + hba(PEER, "{type: host, address: 0.0.0.0/0, method: trust}"));

        Finding trust = report.findings().stream().filter(f -> f.rule() == Rule.HBA_TRUST).findFirst().orElseThrow();
        assertThat(trust.location()).isEqualTo(Location.inSpec("spec.yaml", 6, "hba.rules[1]"));
        assertThat(trust.message()).isEqualTo("\"host all all 0.0.0.0/0 trust\" admits TCP connections without a credential");
        assertThat(report.fails(false)).isTrue();
    }

    @Test
    void aSilencedRuleIsListedWithItsReasonAndNoLongerFails() {
        LintReport report = lint(hba("{type: hostssl, address: samenet, method: scram-sha-256}")
                + "lint:\n  ignore:\n    - {rule: hba-broad-address, reason: the guide admits the LAN}\n");

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.HBA_BROAD_ADDRESS);
            assertThat(f.silencedBecause()).isEqualTo("the guide admits the LAN");
        });
        assertThat(report.active()).isEmpty();
        assertThat(report.fails(true)).isFalse();
    }

    @Test
    void warningsFailOnlyWhenStrict() {
        LintReport report = lint(hba("{type: hostssl, address: samenet, method: scram-sha-256}"));

        assertThat(report.count(Severity.WARNING)).isEqualTo(1);
        assertThat(report.fails(false)).isFalse();
        assertThat(report.fails(true)).isTrue();
    }

    @Test
    void theIssuesWeakSpecBreaksEveryRuleItNames() {
        LintReport report = lint("""
                server:
                  password_encryption: md5
                  settings:
                    ssl_min_protocol_version: TLSv1
                    ssl_ciphers: ALL:NULL:eNULL
                """ + hba("{type: host, address: 0.0.0.0/0, method: trust}",
                "{type: hostnossl, address: 192.168.0.0/16, method: md5}",
                "{type: host, address: 10.0.0.0/8, method: password}"));

        assertThat(ids(report)).contains("password-encryption", "ssl-min-protocol", "ssl-weak-ciphers", "hba-trust",
                "hba-broad-address", "hba-host-without-ssl", "hba-weak-password-method", "hba-password-cleartext");
    }

    static LintReport lint(String yaml) {
        LoadedSpec loaded = SpecLoader.read("spec.yaml", yaml);
        SpecValidator.validate(loaded);
        return Linter.lint(loaded, NOW);
    }

    static List<String> ids(LintReport report) {
        return report.findings().stream().map(f -> f.rule().id()).toList();
    }
}
