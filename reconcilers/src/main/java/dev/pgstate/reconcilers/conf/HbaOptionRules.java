package dev.pgstate.reconcilers.conf;

import dev.pgstate.model.spec.HbaOptionMethods;
import dev.pgstate.reconcilers.conf.HbaRuleParser.LineError;
import java.util.List;
import java.util.Set;

/**
 * Which option fits which method on which version, and the per-method requirements, as the server checks them
 * (its {@code parse_hba_auth_opt} and the checks after the options). Messages use the server's wording.
 */
final class HbaOptionRules {

    /** The oauth options exist from PostgreSQL 18; the other method-bound ones in every version. */
    private static final Set<String> OAUTH_OPTIONS = HbaOptionMethods.oauthOptions();

    private final HbaGrammar grammar;

    HbaOptionRules(HbaGrammar grammar) {
        this.grammar = grammar;
    }

    /** The names this version knows; anything else is "unrecognized authentication option name". */
    Set<String> knownNames() {
        Set<String> names = HbaOptionMethods.options();
        names.add("clientcert");
        if (grammar.hasClientName()) {
            names.add("clientname");
        }
        if (grammar.major() < 18) {
            names.removeAll(OAUTH_OPTIONS);
        }
        return names;
    }

    void check(HbaRule rule) throws LineError {
        String method = rule.effectiveMethod();
        for (HbaOption option : rule.options()) {
            checkOne(rule, method, option);
        }
        if (method.equals("radius")) {
            checkRadius(rule);
        }
        if (method.equals("ldap")) {
            checkLdap(rule);
        }
        if (method.equals("oauth")) {
            checkOauth(rule);
        }
    }

    private static void checkOauth(HbaRule rule) throws LineError {
        if (rule.option("issuer") == null) {
            throw new LineError("authentication method \"oauth\" requires argument \"issuer\" to be set");
        }
        if (rule.option("delegate_ident_mapping") != null && rule.option("map") != null) {
            throw new LineError("map and delegate_ident_mapping are mutually exclusive");
        }
    }

    private void checkOne(HbaRule rule, String method, HbaOption option) throws LineError {
        String name = option.name();
        String value = option.value();
        if (!knownNames().contains(name)) {
            throw new LineError("unrecognized authentication option name: \"" + name + "\"");
        }
        switch (name) {
            case "map" -> {
                List<String> methods = grammar.major() >= 18
                        ? List.of("ident", "peer", "gss", "sspi", "cert", "oauth")
                        : List.of("ident", "peer", "gss", "sspi", "cert");
                requireMethod(name, method, methods, grammar.major() >= 18
                        ? "ident, peer, gssapi, sspi, cert, and oauth" : "ident, peer, gssapi, sspi, and cert");
            }
            case "clientcert" -> checkClientCert(rule, method, value);
            case "clientname" -> {
                if (rule.type() != ConnectionType.HOSTSSL) {
                    throw new LineError("clientname can only be configured for \"hostssl\" rows");
                }
                if (!value.equals("CN") && !value.equals("DN")) {
                    throw new LineError("invalid value for clientname: \"" + value + "\"");
                }
            }
            case "ldapport" -> {
                requireMethod(name, method, List.of("ldap"), "ldap");
                if (atoi(value) == 0) {
                    throw new LineError("invalid LDAP port number: \"" + value + "\"");
                }
            }
            case "ldapscheme" -> {
                requireMethod(name, method, List.of("ldap"), "ldap");
                if (!value.equals("ldap") && !value.equals("ldaps")) {
                    throw new LineError("invalid ldapscheme value: \"" + value + "\"");
                }
            }
            case "radiusports" -> {
                requireMethod(name, method, List.of("radius"), "radius");
                for (String port : value.split(",", -1)) {
                    if (atoi(port.strip()) == 0) {
                        throw new LineError("invalid RADIUS port number: \"" + value + "\"");
                    }
                }
            }
            default -> {
                List<String> methods = HbaOptionMethods.methodsFor(name);
                requireMethod(name, method, methods, String.join(" and ", methods));
            }
        }
    }

    private void checkClientCert(HbaRule rule, String method, String value) throws LineError {
        if (rule.type() != ConnectionType.HOSTSSL) {
            throw new LineError("clientcert can only be configured for \"hostssl\" rows");
        }
        boolean cert = method.equals("cert");
        if (grammar.major() == 11) {
            // 11 knows only 1; anything else is "off" (verify-ca silently too), which cert refuses.
            if (!value.equals("1") && cert) {
                throw new LineError("clientcert can not be set to 0 when using \"cert\" authentication");
            }
            return;
        }
        boolean legacy = grammar.major() <= 13;
        boolean verifyCa = value.equals("verify-ca") || (legacy && value.equals("1"));
        boolean off = legacy && (value.equals("0") || value.equals("no-verify"));
        if (value.equals("verify-full")) {
            return;
        }
        if (verifyCa) {
            if (cert) {
                throw new LineError("clientcert only accepts \"verify-full\" when using \"cert\" authentication");
            }
            return;
        }
        if (off) {
            if (cert) {
                throw new LineError("clientcert cannot be set to \"no-verify\" when using \"cert\" authentication");
            }
            return;
        }
        throw new LineError("invalid value for clientcert: \"" + value + "\"");
    }

    private static void checkRadius(HbaRule rule) throws LineError {
        String servers = rule.option("radiusservers");
        String secrets = rule.option("radiussecrets");
        if (servers == null) {
            throw new LineError("authentication method \"radius\" requires argument \"radiusservers\" to be set");
        }
        if (secrets == null) {
            throw new LineError("authentication method \"radius\" requires argument \"radiussecrets\" to be set");
        }
        int serverCount = servers.split(",", -1).length;
        checkCount("secrets", secrets, serverCount, false);
        checkCount("ports", rule.option("radiusports"), serverCount, true);
        checkCount("identifiers", rule.option("radiusidentifiers"), serverCount, true);
    }

    private static void checkCount(String what, String list, int servers, boolean optional) throws LineError {
        if (list == null) {
            return;
        }
        int count = list.split(",", -1).length;
        if (count != 1 && count != servers && !(optional && count == 0)) {
            throw new LineError("the number of RADIUS " + what + " (" + count
                    + ") must be 1 or the same as the number of RADIUS servers (" + servers + ")");
        }
    }

    private static void checkLdap(HbaRule rule) throws LineError {
        boolean prefixMode = rule.option("ldapprefix") != null || rule.option("ldapsuffix") != null;
        boolean searchMode = rule.option("ldapbasedn") != null || rule.option("ldapbinddn") != null
                || rule.option("ldapbindpasswd") != null || rule.option("ldapsearchattribute") != null
                || rule.option("ldapsearchfilter") != null;
        if (rule.option("ldapserver") == null && rule.option("ldapurl") == null) {
            throw new LineError("authentication method \"ldap\" requires argument \"ldapserver\" to be set");
        }
        if (prefixMode && searchMode) {
            throw new LineError("cannot use ldapbasedn, ldapbinddn, ldapbindpasswd, ldapsearchattribute, "
                    + "ldapsearchfilter, or ldapurl together with ldapprefix");
        }
        if (!prefixMode && rule.option("ldapbasedn") == null && rule.option("ldapurl") == null) {
            throw new LineError("authentication method \"ldap\" requires argument \"ldapbasedn\", \"ldapprefix\", "
                    + "or \"ldapsuffix\" to be set");
        }
    }

    private static void requireMethod(String option, String method, List<String> methods, String wording)
            throws LineError {
        if (!methods.contains(method)) {
            throw new LineError("authentication option \"" + option + "\" is only valid for authentication methods "
                    + wording);
        }
    }

    /** C's atoi: leading digits after an optional sign, 0 when there are none. */
    private static long atoi(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([+-]?\\d{1,9})").matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
