package dev.pgstate.reconcilers.lint;

import dev.pgstate.reconcilers.conf.ConnectionType;
import dev.pgstate.reconcilers.conf.HbaRule;
import java.util.List;
import java.util.Locale;

/**
 * What each pg_hba.conf rule says on its own: its method (trust, password, md5), whether TCP without SSL reaches it
 * from beyond the box, how wide its address is, and whether the server can honour it (hostssl needs ssl, client
 * certificates need a CA file).
 */
final class HbaRuleChecks implements Check {

    @Override
    public void check(Subject subject, List<Finding> out) {
        boolean sslOff = subject.setting("ssl").map(s -> isOff(s.value())).orElse(false);
        boolean noCaFile = subject.setting("ssl_ca_file").map(s -> s.value().isEmpty()).orElse(false);
        for (Subject.HbaEntryAt entry : subject.hbaRules()) {
            HbaRule rule = entry.rule();
            if (RuleShape.rejects(rule)) {
                continue;
            }
            String method = rule.effectiveMethod();
            if (method.equals("trust") && !(rule.type().isLocal() && RuleShape.namesUsersOnly(rule, subject.grammar()))) {
                out.add(new Finding(Rule.HBA_TRUST, entry.location(), quoted(rule) + " admits "
                        + (rule.type().isLocal() ? "every local user" : "TCP connections") + " without a credential"));
            }
            if (method.equals("password") && RuleShape.admitsTcpWithoutSsl(rule) && !RuleShape.loopbackOnly(rule)) {
                out.add(new Finding(Rule.HBA_PASSWORD_CLEARTEXT, entry.location(),
                        quoted(rule) + " sends passwords in clear text over TCP without SSL"));
            } else if (method.equals("password") || method.equals("md5")) {
                out.add(new Finding(Rule.HBA_WEAK_PASSWORD_METHOD, entry.location(),
                        quoted(rule) + " uses " + method + " where scram-sha-256 is possible"));
            }
            if (RuleShape.admitsTcpWithoutSsl(rule) && !RuleShape.loopbackOnly(rule)) {
                out.add(new Finding(Rule.HBA_HOST_WITHOUT_SSL, entry.location(),
                        quoted(rule) + " admits connections without SSL from " + rule.address().written()));
            }
            if (RuleShape.broadAddress(rule)) {
                out.add(new Finding(Rule.HBA_BROAD_ADDRESS, entry.location(),
                        quoted(rule) + " admits clients from " + rule.address().written()));
            }
            if (rule.type() == ConnectionType.HOSTSSL && sslOff) {
                out.add(new Finding(Rule.HBA_HOSTSSL_WITHOUT_SSL, entry.location(),
                        quoted(rule) + " cannot match: ssl is off"));
            }
            if (verifiesClientCertificates(rule) && noCaFile) {
                out.add(new Finding(Rule.HBA_CERT_WITHOUT_CA, entry.location(),
                        quoted(rule) + " asks for a client certificate, but no ssl_ca_file is set to verify it"));
            }
        }
    }

    /** The rule as a finding quotes it, made only for a finding: a spec of 2,000 rules has few, if any. */
    private static String quoted(HbaRule rule) {
        return "\"" + rule + "\"";
    }

    private static boolean verifiesClientCertificates(HbaRule rule) {
        String clientcert = rule.option("clientcert");
        return rule.effectiveMethod().equals("cert")
                || (clientcert != null && !List.of("0", "no-verify").contains(clientcert));
    }

    static boolean isOff(String value) {
        return List.of("off", "false", "no", "0").contains(value.strip().toLowerCase(Locale.ROOT));
    }
}
