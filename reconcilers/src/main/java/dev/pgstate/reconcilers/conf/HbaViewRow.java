package dev.pgstate.reconcilers.conf;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule as the server's {@code pg_hba_file_rules} view shows it: names after expansion without quoting,
 * addresses and masks printed numerically, the effective method, and the options the server renders (a
 * rendering, not the written text: {@code clientname} is never shown, {@code cert} shows its implied
 * {@code clientcert}, ldap its search scope). Used to confirm that the server reads a file as the agent does.
 */
public record HbaViewRow(String type, List<String> databases, List<String> users, String address, String netmask,
                         String method, List<String> options) {

    public HbaViewRow {
        databases = List.copyOf(databases);
        users = List.copyOf(users);
        options = List.copyOf(options);
    }

    public static HbaViewRow of(HbaRule rule, int major) {
        HbaAddress address = rule.address();
        return new HbaViewRow(rule.type().keyword(),
                rule.databaseNames().stream().map(HbaToken::text).toList(),
                rule.userNames().stream().map(HbaToken::text).toList(),
                address == null ? null : address.viewAddress(),
                address == null ? null : address.viewNetmask(),
                rule.effectiveMethod(),
                options(rule, major));
    }

    private static List<String> options(HbaRule rule, int major) {
        List<String> shown = new ArrayList<>();
        add(shown, "map", rule.option("map"));
        clientCert(rule, major, shown);
        add(shown, "pamservice", rule.option("pamservice"));
        if (rule.effectiveMethod().equals("ldap")) {
            shown.addAll(LdapOptions.shown(rule));
        }
        if (rule.effectiveMethod().equals("radius")) {
            add(shown, "radiusservers", rule.option("radiusservers"));
            add(shown, "radiussecrets", rule.option("radiussecrets"));
            add(shown, "radiusidentifiers", rule.option("radiusidentifiers"));
            add(shown, "radiusports", rule.option("radiusports"));
        }
        return shown;
    }

    private static void clientCert(HbaRule rule, int major, List<String> shown) {
        String value = rule.option("clientcert");
        boolean cert = rule.effectiveMethod().equals("cert");
        if (major == 11) {
            if (cert || "1".equals(value)) {
                shown.add("clientcert=true");
            }
            return;
        }
        if (cert) {
            shown.add("clientcert=verify-full");
        } else if ("verify-full".equals(value)) {
            shown.add("clientcert=verify-full");
        } else if ("verify-ca".equals(value) || (major <= 13 && "1".equals(value))) {
            shown.add("clientcert=verify-ca");
        }
    }

    private static void add(List<String> shown, String name, String value) {
        if (value != null) {
            shown.add(name + "=" + value);
        }
    }
}
