package dev.pgstate.model.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which authentication methods each pg_hba.conf option fits, in one place for the spec's validation and the
 * file parser. clientcert and clientname fit any method (on hostssl rules only), so they are not listed.
 */
public final class HbaOptionMethods {

    private static final List<String> LDAP = List.of("ldap");
    private static final List<String> RADIUS = List.of("radius");
    private static final List<String> OAUTH = List.of("oauth");
    private static final List<String> PAM = List.of("pam");
    private static final List<String> GSS_SSPI = List.of("gss", "sspi");
    private static final List<String> SSPI = List.of("sspi");

    private static final Map<String, List<String>> BY_OPTION = Map.ofEntries(
            Map.entry("map", List.of("ident", "peer", "gss", "sspi", "cert", "oauth")),
            Map.entry("krb_realm", GSS_SSPI), Map.entry("include_realm", GSS_SSPI),
            Map.entry("compat_realm", SSPI), Map.entry("upn_username", SSPI),
            Map.entry("pamservice", PAM), Map.entry("pam_use_hostname", PAM),
            Map.entry("ldapurl", LDAP), Map.entry("ldaptls", LDAP), Map.entry("ldapscheme", LDAP),
            Map.entry("ldapserver", LDAP), Map.entry("ldapport", LDAP), Map.entry("ldapbinddn", LDAP),
            Map.entry("ldapbindpasswd", LDAP), Map.entry("ldapsearchattribute", LDAP),
            Map.entry("ldapsearchfilter", LDAP), Map.entry("ldapbasedn", LDAP), Map.entry("ldapprefix", LDAP),
            Map.entry("ldapsuffix", LDAP),
            Map.entry("radiusservers", RADIUS), Map.entry("radiussecrets", RADIUS),
            Map.entry("radiusidentifiers", RADIUS), Map.entry("radiusports", RADIUS),
            Map.entry("issuer", OAUTH), Map.entry("scope", OAUTH), Map.entry("validator", OAUTH),
            Map.entry("delegate_ident_mapping", OAUTH));

    private HbaOptionMethods() {
    }

    /** The methods {@code option} fits, or {@code null} for an option that is not method-bound or not known. */
    public static List<String> methodsFor(String option) {
        return BY_OPTION.get(option);
    }

    /** Every method-bound option; the oauth ones exist from PostgreSQL 18 only. */
    public static Set<String> options() {
        return new TreeSet<>(BY_OPTION.keySet());
    }

    /** The options that belong to the oauth method alone (PostgreSQL 18+). */
    public static Set<String> oauthOptions() {
        Set<String> oauth = new TreeSet<>();
        BY_OPTION.forEach((option, methods) -> {
            if (methods.equals(OAUTH)) {
                oauth.add(option);
            }
        });
        return oauth;
    }
}
