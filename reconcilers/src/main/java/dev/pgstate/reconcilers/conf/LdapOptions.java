package dev.pgstate.reconcilers.conf;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server makes of an {@code ldap} rule's options, as {@code pg_hba_file_rules} shows them (11–18): options
 * in written order, a later one overriding, {@code ldapurl} setting server, port, scheme, base DN, search attribute,
 * scope and filter at once. The scope is subtree (2) unless a URL says otherwise (a URL without one means base, 0,
 * which is not shown); {@code ldaptls=1} shows as {@code true}, any other value not at all.
 */
final class LdapOptions {

    /** The view's order. */
    private static final List<String> SHOWN = List.of("ldapserver", "ldapport", "ldapscheme", "ldaptls", "ldapprefix",
            "ldapsuffix", "ldapbasedn", "ldapbinddn", "ldapbindpasswd", "ldapsearchattribute", "ldapsearchfilter",
            "ldapscope");
    private static final String SUBTREE = "2";
    /** {@code scheme://host[:port]/dn?attributes?scope?filter}, the parts OpenLDAP's ldap_url_parse gives the server. */
    private static final Pattern URL = Pattern.compile(
            "(ldaps?)://([^:/?]*)(?::(\\d+))?(?:/([^?]*)(?:\\?([^?]*)(?:\\?([^?]*)(?:\\?([^?]*))?)?)?)?.*");
    private static final List<String> SCOPES = List.of("base", "one", "sub");

    private LdapOptions() {
    }

    /** The rule's ldap options as the view lists them: {@code ldapserver=h}, …, {@code ldapscope=2}. */
    static List<String> shown(HbaRule rule) {
        Map<String, String> read = new HashMap<>();
        read.put("ldapscope", SUBTREE);
        for (HbaOption option : rule.options()) {
            switch (option.name()) {
                case "ldapurl" -> url(option.value(), read);
                case "ldaptls" -> set(read, "ldaptls", option.value().equals("1") ? "true" : null);
                case "ldapport" -> set(read, "ldapport", port(option.value()));
                default -> set(read, option.name(), option.value());
            }
        }
        return SHOWN.stream().filter(read::containsKey).map(name -> name + "=" + read.get(name)).toList();
    }

    /** A URL the server cannot parse makes the line an error, which the server's own check reports. */
    private static void url(String url, Map<String, String> read) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            return;
        }
        set(read, "ldapscheme", m.group(1));
        set(read, "ldapserver", decoded(m.group(2)));
        set(read, "ldapport", m.group(3) != null ? port(m.group(3)) : m.group(1).equals("ldaps") ? "636" : "389");
        int scope = m.group(6) == null ? 0 : SCOPES.indexOf(m.group(6).toLowerCase(Locale.ROOT));
        set(read, "ldapscope", scope > 0 ? Integer.toString(scope) : null);
        // what the URL leaves out keeps the value of an earlier option
        String attributes = decoded(m.group(5));
        List.of(new String[] {"ldapbasedn", decoded(m.group(4))},
                new String[] {"ldapsearchattribute", attributes == null ? null : attributes.split(",")[0]},
                new String[] {"ldapsearchfilter", decoded(m.group(7))}).stream().filter(part -> part[1] != null)
                .forEach(part -> read.put(part[0], part[1]));
    }

    private static void set(Map<String, String> read, String name, String value) {
        if (value == null) {
            read.remove(name);
        } else {
            read.put(name, value);
        }
    }

    private static String decoded(String part) {
        return part == null || part.isEmpty() ? null
                : URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** atoi, as the server reads a port: the leading digits; 0 (none) is not shown. */
    private static String port(String value) {
        Matcher digits = Pattern.compile("^\\s*(\\d{1,9})").matcher(value);
        return digits.find() && Integer.parseInt(digits.group(1)) != 0 ? Integer.toString(Integer.parseInt(digits.group(1)))
                : null;
    }
}
