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

    /** A rule of {@code type} ({@code local}, {@code host}, …) with {@code method}, for all databases and users. */
    public static Builder builder(String type, String method) {
        return new Builder(type, method);
    }

    /** Sets a rule's fields; databases and users stay {@code all} and options empty unless set. */
    public static final class Builder {
        private final String type;
        private final String method;
        private List<String> databases;
        private List<String> users;
        private String address;
        private Map<String, String> options;
        private String comment;

        private Builder(String type, String method) {
            this.type = type;
            this.method = method;
        }

        public Builder databases(List<String> databases) {
            this.databases = databases;
            return this;
        }

        public Builder users(List<String> users) {
            this.users = users;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder options(Map<String, String> options) {
            this.options = options;
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        public HbaRuleSpec build() {
            return new HbaRuleSpec(type, databases, users, address, method, options, comment);
        }
    }
}
