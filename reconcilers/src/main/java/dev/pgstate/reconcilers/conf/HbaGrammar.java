package dev.pgstate.reconcilers.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What pg_hba.conf syntax one PostgreSQL major version (11–18) understands, and what this server's build supports.
 * The facts come from running each version's server (see the research brief, §1); a feature a version lacks is
 * not an error of its own there but means something else (on 11–15 {@code /re} is a plain name).
 *
 * @param unsupportedMethods methods this build was compiled without (e.g. {@code ldap}, {@code gss}): a fatal line
 * @param sslEnabled         whether {@code ssl = on}; off makes {@code hostssl} lines a warning that can never match
 */
public record HbaGrammar(int major, Set<String> unsupportedMethods, boolean sslEnabled) {

    /** Methods every version 11–18 knows; {@code oauth} is added on 18. */
    private static final List<String> METHODS = List.of("trust", "reject", "scram-sha-256", "md5", "password", "gss",
            "sspi", "ident", "peer", "ldap", "radius", "cert", "pam", "bsd");

    public HbaGrammar {
        if (major < 11 || major > 18) {
            throw new IllegalArgumentException("pg_hba.conf grammar is known for PostgreSQL 11 to 18, not " + major);
        }
        unsupportedMethods = Set.copyOf(unsupportedMethods);
    }

    /** The grammar of {@code major} with every method supported and SSL on: what a full build accepts. */
    public static HbaGrammar of(int major) {
        return new HbaGrammar(major, Set.of(), true);
    }

    public List<String> methods() {
        List<String> methods = new ArrayList<>(METHODS);
        if (major >= 18) {
            methods.add("oauth");
        }
        return methods;
    }

    public boolean knowsConnectionType(ConnectionType type) {
        return type.since() <= major;
    }

    /** A line ending in a backslash continues on the next one (14+); before that the backslash is a character. */
    public boolean hasContinuation() {
        return major >= 14;
    }

    /** {@code include}, {@code include_if_exists} and {@code include_dir} directives (16+). */
    public boolean hasIncludes() {
        return major >= 16;
    }

    /** A database or user name starting with {@code /} is a regular expression (16+), even when quoted. */
    public boolean hasRegex() {
        return major >= 16;
    }

    /** {@code clientname=CN|DN} (14+). */
    public boolean hasClientName() {
        return major >= 14;
    }

    /** Tokens longer than this many bytes are an error before 16 (10239 bytes, tested); none after. */
    public int maxTokenBytes() {
        return major >= 16 ? Integer.MAX_VALUE : 10239;
    }
}
