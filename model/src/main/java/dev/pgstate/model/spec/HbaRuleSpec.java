package dev.pgstate.model.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pg_hba.conf rule. Database and user entries are written as in pg_hba.conf: {@code all}, {@code sameuser},
 * {@code +group}, {@code @file}, {@code /regex} (16+) are keywords, and a name that is a keyword is quoted
 * ({@code '"all"'}). {@code address} is absent on {@code local} rules; {@code comment} is written above the rule.
 */
public record HbaRuleSpec(String type, List<String> databases, List<String> users, String address, String method,
                          Map<String, String> options, String comment) {

    /** The connection types a rule may have; which of them a server accepts depends on its version. */
    public static final List<String> TYPES =
            List.of("local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc");
    /** The authentication methods a rule may name; oauth from PostgreSQL 18 on. */
    public static final List<String> METHODS = List.of("trust", "reject", "scram-sha-256", "md5", "password", "gss",
            "sspi", "ident", "peer", "ldap", "radius", "cert", "pam", "bsd", "oauth");

    public HbaRuleSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(method, "method");
        databases = databases == null ? List.of("all") : List.copyOf(databases);
        users = users == null ? List.of("all") : List.copyOf(users);
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
