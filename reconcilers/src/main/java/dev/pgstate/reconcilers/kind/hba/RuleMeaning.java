package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaAddress;
import dev.pgstate.reconcilers.conf.HbaOption;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaToken;
import dev.pgstate.reconcilers.conf.HbaViewRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A rule by what the server does with it, so two spellings of one rule compare equal: {@code 172.21.0.0
 * 255.255.255.0} and {@code 172.21.0.0/24}, a host name in any case, {@code ident} on a local rule and
 * {@code peer}, quotes that change nothing ({@code "app"} and {@code app}, but not {@code "all"} and {@code all}),
 * options in any order with a later one winning, and the values the server fills in (ldap's scope, clientcert per
 * version) as {@code pg_hba_file_rules} shows them.
 */
public record RuleMeaning(String type, List<HbaToken> databases, List<HbaToken> users, String address, String netmask,
                          String method, List<String> options) {

    /** Tokens that mean something else unquoted; any other token means the same name with or without quotes. */
    private static final Set<String> KEYWORDS = Set.of("all", "sameuser", "samerole", "samegroup", "replication");
    /** Options whose meaning the view renders (with the defaults the server adds); the others are kept as written. */
    private static final Set<String> RENDERED = Set.of("map", "clientcert", "pamservice", "radiusservers",
            "radiussecrets", "radiusidentifiers", "radiusports");

    public RuleMeaning {
        databases = List.copyOf(databases);
        users = List.copyOf(users);
        options = List.copyOf(options);
    }

    public static RuleMeaning of(HbaRule rule, int major) {
        HbaViewRow view = HbaViewRow.of(rule, major);
        Map<String, String> written = new TreeMap<>();
        for (HbaOption option : rule.options()) {
            written.put(option.name(), option.value());
        }
        List<String> options = new ArrayList<>(view.options());
        written.forEach((name, value) -> {
            boolean rendered = RENDERED.contains(name) || view.method().equals("ldap") && name.startsWith("ldap");
            if (!rendered) {
                options.add(name + "=" + value);
            }
        });
        HbaAddress address = rule.address();
        boolean hostname = address != null && address.form() == HbaAddress.Form.HOSTNAME;
        return new RuleMeaning(view.type(), names(rule.databases()), names(rule.users()),
                hostname ? view.address().toLowerCase(Locale.ROOT) : view.address(), view.netmask(), view.method(),
                options);
    }

    private static List<HbaToken> names(List<HbaToken> tokens) {
        return tokens.stream().map(token -> new HbaToken(token.text(), token.quoted() && (KEYWORDS.contains(token.text())
                || token.text().startsWith("+") || token.text().startsWith("@")))).toList();
    }
}
