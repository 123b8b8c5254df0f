package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.ConnectionType;
import dev.pgstate.reconcilers.conf.HbaAddress;
import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaClient.Replication;
import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaToken;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.conf.NumericAddress;
import dev.pgstate.reconcilers.core.live.HostInterfaces;
import dev.pgstate.reconcilers.regex.PgRegex;
import dev.pgstate.reconcilers.regex.PgRegexException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides which pg_hba.conf rule a connection meets, in the server's order of checks ({@code check_hba}):
 * connection type and encryption, then address, then database ({@code check_db}), then user
 * ({@code check_role}); the first rule that passes all four wins. A host-name address that cannot be looked up
 * leaves the rule undecided when the rest of it matches, and the evaluation stops there.
 * Regular expressions (16+) are evaluated as PostgreSQL's own engine does ({@link PgRegex}).
 */
public record HbaMatcher(HbaGrammar grammar, RoleGraph roles, HostInterfaces interfaces, HostNames hostNames) {

    public Verdict evaluate(HbaTree tree, HbaClient client) {
        List<Verdict.Miss> misses = new ArrayList<>();
        // The server looks the client's name up once per connection, at the first host-name rule it reaches.
        HostNameOnce name = new HostNameOnce(client);
        for (HbaTree.Located line : tree.lines()) {
            HbaRule rule = ruleOf(line);
            if (rule == null) {
                continue;
            }
            Optional<String> typeMiss = typeMiss(rule, client);
            if (typeMiss.isPresent()) {
                misses.add(new Verdict.Miss(line, typeMiss.get()));
                continue;
            }
            AddressCheck address = address(rule, client, name);
            Optional<String> miss = address.miss()
                    .or(() -> databaseMiss(line, rule, client))
                    .or(() -> userMiss(line, rule, client));
            if (miss.isPresent()) {
                misses.add(new Verdict.Miss(line, miss.get()));
                continue;
            }
            if (address.undecided() != null) {
                return Verdict.undecided(client, new Verdict.Undecided(line, address.undecided()), misses);
            }
            return Verdict.matched(client, line, misses);
        }
        return Verdict.noMatch(client, misses);
    }

    /** The rule a line holds; a line the server loads with a warning (hostssl with SSL off) is a rule too. */
    static HbaRule ruleOf(HbaTree.Located line) {
        if (line.entry() instanceof HbaRule rule) {
            return rule;
        }
        return line.entry() instanceof HbaEntry.Invalid invalid ? invalid.rule() : null;
    }

    private Optional<String> typeMiss(HbaRule rule, HbaClient client) {
        if (rule.type() == ConnectionType.LOCAL || client.local()) {
            return Optional.ofNullable(rule.type() == ConnectionType.LOCAL
                    ? client.local() ? null : "a TCP connection never matches \"local\""
                    : "a socket connection only matches \"local\"");
        }
        return Optional.ofNullable(switch (rule.type()) {
            case HOSTSSL -> !grammar.sslEnabled() ? "\"hostssl\" cannot match: the server has ssl = off"
                    : client.ssl() ? null : "\"hostssl\" needs SSL and this connection is without it";
            case HOSTNOSSL -> client.ssl() ? "\"hostnossl\" excludes SSL connections" : null;
            case HOSTGSSENC -> grammar.unsupportedMethods().contains("gss")
                    ? "\"hostgssenc\" cannot match: the server is built without GSSAPI"
                    : client.gssenc() ? null : "\"hostgssenc\" needs GSS encryption and this connection is without it";
            case HOSTNOGSSENC -> client.gssenc() ? "\"hostnogssenc\" excludes GSS-encrypted connections" : null;
            default -> null;
        });
    }

    /** The address column's answer: matches, misses (with why), or undecided (with why). */
    private record AddressCheck(Optional<String> miss, String undecided) {
        static final AddressCheck MATCHES = new AddressCheck(Optional.empty(), null);

        static AddressCheck of(boolean inside, String why) {
            return inside ? MATCHES : new AddressCheck(Optional.of(why), null);
        }
    }

    private AddressCheck address(HbaRule rule, HbaClient client, HostNameOnce name) {
        HbaAddress address = rule.address();
        if (address == null || address.form() == HbaAddress.Form.ALL) {
            return AddressCheck.MATCHES; // a local rule has none
        }
        if (address.form() == HbaAddress.Form.HOSTNAME) {
            HostNames.Lookup lookup = name.get();
            if (!lookup.succeeded()) {
                return new AddressCheck(Optional.empty(), "host name \"" + address.hostname() + "\": " + lookup.failure());
            }
            return AddressCheck.of(lookup.matches(address.hostname()), "the client's host name \"" + lookup.name()
                    + "\" is not \"" + address.hostname() + "\"");
        }
        NumericAddress from = name.address;
        boolean inside = switch (address.form()) {
            case SAMEHOST -> interfaces.isOwnAddress(from);
            case SAMENET -> interfaces.isOnOwnNetwork(from);
            default -> from.isWithin(address.network(), address.mask());
        };
        return AddressCheck.of(inside, "address " + client.address() + " is not in " + address.written());
    }

    private Optional<String> databaseMiss(HbaTree.Located line, HbaRule rule, HbaClient client) {
        if (client.replication() == Replication.PHYSICAL) {
            boolean replication = rule.databaseNames().stream().anyMatch(token -> token.isKeyword("replication"));
            return replication ? Optional.empty() : Optional.of("a physical replication connection only matches"
                    + " the keyword replication, not " + listed(rule.databases(), line));
        }
        String database = client.database();
        for (HbaToken token : rule.databaseNames()) {
            boolean matches;
            if (token.isKeyword("all")) {
                matches = true;
            } else if (token.isKeyword("sameuser")) {
                matches = database.equals(client.user());
            } else if (token.isKeyword("samerole") || token.isKeyword("samegroup")) {
                matches = roles.isMember(client.user(), database);
            } else {
                matches = !token.isKeyword("replication") && nameMatches(token, database);
            }
            if (matches) {
                return Optional.empty();
            }
        }
        return Optional.of("database \"" + database + "\" is not among " + listed(rule.databases(), line));
    }

    private Optional<String> userMiss(HbaTree.Located line, HbaRule rule, HbaClient client) {
        String user = client.user();
        for (HbaToken token : rule.userNames()) {
            boolean matches = token.isGroup() ? roles.isMember(user, token.text().substring(1))
                    : token.isKeyword("all") || nameMatches(token, user);
            if (matches) {
                return Optional.empty();
            }
        }
        return Optional.of("user \"" + user + "\" is not among " + listed(rule.users(), line));
    }

    private boolean nameMatches(HbaToken token, String name) {
        return token.isRegex(grammar) ? regexMatches(token.text().substring(1), name) : token.text().equals(name);
    }

    /** The one place a {@code /regex} token is evaluated. */
    private static boolean regexMatches(String pattern, String name) {
        return regex(pattern).find(name);
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

    /**
     * The tokens as written in the line: an {@code @file} reference is named, its contents never shown. When an
     * {@code @file} expanding to nothing shifted the columns, the rule's tokens are the expanded ones; any that is
     * not in the line's own text came from a file and is not shown.
     */
    private static String listed(List<HbaToken> tokens, HbaTree.Located line) {
        String raw = line.line().raw();
        boolean asWritten = tokens.stream().allMatch(token -> raw.contains(token.written()));
        return asWritten ? tokens.stream().map(HbaToken::written).collect(Collectors.joining(",", "[", "]"))
                : "the names its @file references hold (not shown)";
    }

    /** The client's numeric address, and its host name looked up at most once. */
    private final class HostNameOnce {
        private final NumericAddress address;
        private HostNames.Lookup lookup;

        HostNameOnce(HbaClient client) {
            this.address = client.local() ? null : NumericAddress.parse(client.address()).orElseThrow(() ->
                    new IllegalArgumentException("not a numeric address: " + client.address()));
        }

        HostNames.Lookup get() {
            if (lookup == null) {
                lookup = hostNames.lookUp(address);
            }
            return lookup;
        }
    }
}
