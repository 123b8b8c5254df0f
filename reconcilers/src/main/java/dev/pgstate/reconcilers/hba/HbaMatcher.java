package dev.pgstate.reconcilers.hba;

import dev.pgstate.reconcilers.conf.HbaAddress;
import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaToken;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.conf.NumericAddress;
import dev.pgstate.reconcilers.live.HostInterfaces;
import dev.pgstate.reconcilers.regex.PgRegex;
import dev.pgstate.reconcilers.regex.PgRegexException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides which pg_hba.conf rule a connection meets, in the server's order of checks ({@code check_hba}):
 * connection type and SSL, then address, then database, then user; the first rule that passes all four wins.
 * Regular expressions (16+) are evaluated as PostgreSQL's own engine does ({@link PgRegex}).
 */
public final class HbaMatcher {

    private final HbaGrammar grammar;
    private final RoleGraph roles;
    private final HostInterfaces interfaces;

    public HbaMatcher(HbaGrammar grammar, RoleGraph roles, HostInterfaces interfaces) {
        this.grammar = grammar;
        this.roles = roles;
        this.interfaces = interfaces;
    }

    public Verdict evaluate(HbaTree tree, HbaClient client) {
        List<Verdict.Miss> misses = new ArrayList<>();
        for (HbaTree.Located line : tree.lines()) {
            HbaRule rule = ruleOf(line);
            if (rule == null) {
                continue;
            }
            Optional<Verdict.Miss> miss = typeMiss(line, rule, client)
                    .or(() -> addressMiss(line, rule, client))
                    .or(() -> databaseMiss(line, rule, client))
                    .or(() -> userMiss(line, rule, client));
            if (miss.isEmpty()) {
                return new Verdict(client, Optional.of(line), misses);
            }
            misses.add(miss.get());
        }
        return new Verdict(client, Optional.empty(), misses);
    }

    /** The rule a line holds; a line the server loads with a warning (hostssl with SSL off) is a rule too. */
    static HbaRule ruleOf(HbaTree.Located line) {
        if (line.entry() instanceof HbaRule rule) {
            return rule;
        }
        return line.entry() instanceof HbaEntry.Invalid invalid ? invalid.rule() : null;
    }

    private Optional<Verdict.Miss> typeMiss(HbaTree.Located line, HbaRule rule, HbaClient client) {
        String why = switch (rule.type()) {
            case LOCAL -> client.local() ? null : "a TCP connection never matches \"local\"";
            case HOST, HOSTNOGSSENC -> client.local() ? "a socket connection only matches \"local\"" : null;
            case HOSTSSL -> client.local() ? "a socket connection only matches \"local\""
                    : !grammar.sslEnabled() ? "\"hostssl\" cannot match: the server has ssl = off"
                    : client.ssl() ? null : "\"hostssl\" needs SSL and this connection is without it";
            case HOSTNOSSL -> client.local() ? "a socket connection only matches \"local\""
                    : client.ssl() ? "\"hostnossl\" excludes SSL connections" : null;
            case HOSTGSSENC -> "\"hostgssenc\" needs GSS encryption, which the agent never uses";
        };
        return miss(line, why);
    }

    private Optional<Verdict.Miss> addressMiss(HbaTree.Located line, HbaRule rule, HbaClient client) {
        HbaAddress address = rule.address();
        if (address == null || address.form() == HbaAddress.Form.ALL) {
            return Optional.empty();
        }
        if (address.form() == HbaAddress.Form.HOSTNAME) {
            return Optional.of(new Verdict.Miss(line, "host name \"" + address.hostname() + "\" cannot be decided"
                    + " offline: the server's reverse and forward DNS lookup is not attempted", true));
        }
        NumericAddress from = NumericAddress.parse(client.address()).orElseThrow(() ->
                new IllegalArgumentException("not a numeric address: " + client.address()));
        boolean inside = switch (address.form()) {
            case SAMEHOST -> interfaces.isOwnAddress(from);
            case SAMENET -> interfaces.isOnOwnNetwork(from);
            default -> from.isWithin(address.network(), address.mask());
        };
        return miss(line, inside ? null : "address " + client.address() + " is not in " + address.written());
    }

    private Optional<Verdict.Miss> databaseMiss(HbaTree.Located line, HbaRule rule, HbaClient client) {
        String database = client.database();
        for (HbaToken token : rule.databaseNames()) {
            boolean matches = token.isKeyword("all")
                    || (token.isKeyword("sameuser") && database.equals(client.user()))
                    || ((token.isKeyword("samerole") || token.isKeyword("samegroup")) && roles.isMember(client.user(), database))
                    || (!token.isKeyword("replication") && nameMatches(token, database));
            if (matches) {
                return Optional.empty();
            }
        }
        return miss(line, "database \"" + database + "\" is not among " + listed(rule.databaseNames()));
    }

    private Optional<Verdict.Miss> userMiss(HbaTree.Located line, HbaRule rule, HbaClient client) {
        String user = client.user();
        for (HbaToken token : rule.userNames()) {
            boolean matches = token.isGroup() ? roles.isMember(user, token.text().substring(1))
                    : token.isKeyword("all") || nameMatches(token, user);
            if (matches) {
                return Optional.empty();
            }
        }
        return miss(line, "user \"" + user + "\" is not among " + listed(rule.userNames()));
    }

    private boolean nameMatches(HbaToken token, String name) {
        if (token.isRegex(grammar)) {
            return regex(token.text().substring(1)).find(name);
        }
        return token.text().equals(name);
    }

    /** The parser refused every pattern PgRegex cannot evaluate, so a rule that reaches here always compiles. */
    private static PgRegex regex(String pattern) {
        try {
            return PgRegex.compile(pattern);
        } catch (PgRegexException e) {
            throw new IllegalStateException("a rule with the regular expression \"" + pattern + "\" was read as valid: "
                    + e.reason(), e);
        }
    }

    private static String listed(List<HbaToken> tokens) {
        return tokens.stream().map(HbaToken::written).collect(Collectors.joining(",", "[", "]"));
    }

    private static Optional<Verdict.Miss> miss(HbaTree.Located line, String why) {
        return Optional.ofNullable(why).map(w -> new Verdict.Miss(line, w, false));
    }
}
