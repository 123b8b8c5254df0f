package dev.pgstate.reconcilers.lint;

import dev.pgstate.reconcilers.conf.ConnectionType;
import dev.pgstate.reconcilers.conf.HbaAddress;
import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaLine;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaToken;
import dev.pgstate.reconcilers.conf.NumericAddress;
import dev.pgstate.reconcilers.kind.hba.HbaMatcher;
import dev.pgstate.reconcilers.kind.hba.HostNames;
import dev.pgstate.reconcilers.kind.hba.RoleGraph;
import dev.pgstate.reconcilers.kind.hba.Verdict;
import dev.pgstate.reconcilers.core.live.HostInterfaces;
import dev.pgstate.reconcilers.conf.HbaTree;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds pg_hba.conf rules no connection can reach, because earlier rules, alone or together, match every connection
 * they would match (the server uses the first rule that matches). Exact for rules built from connection types,
 * numeric addresses (or {@code all}), plain names and {@code all}: the connections a rule admits fall into finitely
 * many classes (its connection kinds; its address range cut at every earlier rule's network boundary; its names, or
 * for {@code all} every name an earlier rule lists plus one none does), and the rule is reachable exactly when one
 * representative of some class is matched by it first. The server's own matcher ({@link HbaMatcher}) decides each
 * representative. Rules with groups, {@code sameuser}, patterns, host names or {@code samehost}/{@code samenet} are
 * left undecided, and as earlier rules they are taken to match nothing: a rule is called shadowed only when it is.
 */
public final class ShadowedRules {

    /** Beyond this many representatives a rule is left undecided rather than slowing lint down. */
    private static final int MAX_REPRESENTATIVES = 20_000;
    private static final Path SOURCE = Path.of("pg_hba.conf");

    /**
     * What the analysis decided about one rule: reached by {@code witness}, or shadowed by the earlier rules (their
     * indexes) that match its connections first.
     */
    public record Reach(int index, Optional<HbaClient> witness, List<Integer> shadowedBy) {
        public Reach {
            shadowedBy = List.copyOf(shadowedBy);
        }

        public boolean shadowed() {
            return witness.isEmpty();
        }
    }

    private ShadowedRules() {
    }

    /** A verdict for every rule the analysis can decide, in rule order; {@code index} is 0-based. */
    public static List<Reach> analyse(List<HbaRule> rules, HbaGrammar grammar) {
        // only rules of decidable shape (no host names, no groups) are ever evaluated, so no role or lookup is needed
        HbaMatcher matcher = new HbaMatcher(grammar, new RoleGraph(Set.of(), Map.of()), new HostInterfaces(List.of()),
                HostNames.none());
        List<Shape> decidable = new ArrayList<>();
        List<Shape> forAnyUser = new ArrayList<>();
        Map<String, List<Shape>> byUser = new HashMap<>();
        List<Reach> reaches = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            HbaRule rule = rules.get(i);
            if (!decidable(rule, grammar)) {
                continue;
            }
            Shape shape = Shape.of(rule, i);
            // only earlier rules that share some connection with this one can match its representatives first;
            // looked up by user name, so a long list of one-user rules is not compared pair by pair
            Set<Shape> candidates = new TreeSet<>(Comparator.comparingInt(Shape::index));
            if (shape.users() == null) {
                candidates.addAll(decidable);
            } else {
                candidates.addAll(forAnyUser);
                shape.users().forEach(user -> candidates.addAll(byUser.getOrDefault(user, List.of())));
            }
            List<Shape> relevant = candidates.stream().filter(earlier -> earlier.overlaps(shape)).toList();
            decidable.add(shape);
            if (shape.users() == null) {
                forAnyUser.add(shape);
            } else {
                shape.users().forEach(user -> byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(shape));
            }
            Optional<List<HbaClient>> representatives =
                    representatives(rule, relevant.stream().map(Shape::rule).toList(), grammar);
            if (representatives.isEmpty()) {
                continue;
            }
            List<HbaTree.Located> lines = new ArrayList<>();
            relevant.forEach(earlier -> lines.add(earlier.located()));
            lines.add(shape.located());
            reaches.add(reach(i, shape.located(), new HbaTree(lines), representatives.get(), matcher));
        }
        return reaches;
    }

    /**
     * A decidable rule reduced to what overlap needs, computed once: its line, whether it is local and its SSL
     * side, its address range per family (null where it has none), and its names ({@code null}: all).
     */
    private record Shape(HbaRule rule, HbaTree.Located located, BigInteger[] v4, BigInteger[] v6,
                         Set<String> databases, Set<String> users) {

        int index() {
            return located.line().number() - 1;
        }

        static Shape of(HbaRule rule, int index) {
            HbaTree.Located located = new HbaTree.Located(SOURCE, new HbaLine(index + 1, rule.written(), rule), rule);
            HbaAddress address = rule.address();
            List<Integer> families = address == null ? List.of() : families(address);
            return new Shape(rule, located, families.contains(4) ? range(address, 4) : null,
                    families.contains(16) ? range(address, 16) : null, names(rule.databaseNames()),
                    names(rule.userNames()));
        }

        private static Set<String> names(List<HbaToken> tokens) {
            if (tokens.stream().anyMatch(t -> t.isKeyword("all"))) {
                return null;
            }
            return tokens.stream().map(HbaToken::text).collect(java.util.stream.Collectors.toSet());
        }

        /** Whether some connection could match both rules: kinds, names and address ranges all meet. */
        boolean overlaps(Shape other) {
            ConnectionType a = rule.type();
            ConnectionType b = other.rule.type();
            if (a.isLocal() != b.isLocal() || (a == ConnectionType.HOSTSSL && b == ConnectionType.HOSTNOSSL)
                    || (a == ConnectionType.HOSTNOSSL && b == ConnectionType.HOSTSSL)) {
                return false;
            }
            return meet(databases, other.databases) && meet(users, other.users)
                    && (a.isLocal() || meet(v4, other.v4) || meet(v6, other.v6));
        }

        private static boolean meet(Set<String> a, Set<String> b) {
            return a == null || b == null || (a.size() <= b.size() ? a.stream().anyMatch(b::contains)
                    : b.stream().anyMatch(a::contains));
        }

        private static boolean meet(BigInteger[] a, BigInteger[] b) {
            return a != null && b != null && a[0].compareTo(b[1]) <= 0 && b[0].compareTo(a[1]) <= 0;
        }
    }

    private static Reach reach(int index, HbaTree.Located rule, HbaTree tree, List<HbaClient> representatives,
                               HbaMatcher matcher) {
        Set<Integer> shadowedBy = new TreeSet<>();
        for (HbaClient client : representatives) {
            Verdict verdict = matcher.evaluate(tree, client);
            HbaTree.Located match = verdict.match().orElseThrow(() -> new IllegalStateException(
                    "a representative of " + rule.line().raw() + " matched nothing: " + client.describe()));
            if (match == rule) {
                return new Reach(index, Optional.of(client), List.of());
            }
            shadowedBy.add(match.line().number() - 1);
        }
        return new Reach(index, Optional.empty(), List.copyOf(shadowedBy));
    }

    /** Rules the analysis decides exactly. A hostssl rule while ssl is off matches nothing: another rule says so. */
    private static boolean decidable(HbaRule rule, HbaGrammar grammar) {
        boolean type = switch (rule.type()) {
            case LOCAL, HOST, HOSTNOSSL -> true;
            case HOSTSSL -> grammar.sslEnabled();
            default -> false;
        };
        HbaAddress address = rule.address();
        boolean addressExact = address == null || address.form() == HbaAddress.Form.ALL || address.isNumeric();
        return type && addressExact && names(rule.databaseNames(), grammar) && names(rule.userNames(), grammar);
    }

    private static boolean names(List<HbaToken> tokens, HbaGrammar grammar) {
        return tokens.stream().allMatch(t -> t.isKeyword("all") || RuleShape.isName(t, grammar));
    }

    /** One connection per class, or empty when there are too many to try. */
    private static Optional<List<HbaClient>> representatives(HbaRule rule, List<HbaRule> earlier, HbaGrammar grammar) {
        List<String> users = nameRepresentatives(rule.userNames(), earlier.stream().map(HbaRule::userNames).toList(),
                "lint_user_");
        List<String> databases = nameRepresentatives(rule.databaseNames(),
                earlier.stream().map(HbaRule::databaseNames).toList(), "lint_db_");
        List<String> addresses = rule.type().isLocal() ? List.of() : addressRepresentatives(rule, earlier);
        List<Boolean> ssl = switch (rule.type()) {
            case LOCAL -> List.of(false);
            case HOSTSSL -> List.of(true);
            case HOSTNOSSL -> List.of(false);
            default -> grammar.sslEnabled() ? List.of(false, true) : List.of(false);
        };
        long count = (long) users.size() * databases.size() * ssl.size() * Math.max(1, addresses.size());
        if (count > MAX_REPRESENTATIVES) {
            return Optional.empty();
        }
        List<HbaClient> clients = new ArrayList<>();
        for (String user : users) {
            for (String database : databases) {
                if (rule.type() == ConnectionType.LOCAL) {
                    clients.add(HbaClient.socket(user, database));
                    continue;
                }
                for (boolean withSsl : ssl) {
                    addresses.forEach(address -> clients.add(HbaClient.tcp(address, withSsl, user, database)));
                }
            }
        }
        return Optional.of(clients);
    }

    /** The rule's own names; for {@code all}, a name no earlier rule lists first, then every name they list. */
    private static List<String> nameRepresentatives(List<HbaToken> tokens, List<List<HbaToken>> earlier,
                                                    String freshPrefix) {
        Set<String> listed = new LinkedHashSet<>();
        earlier.forEach(list -> list.stream().filter(t -> !t.isKeyword("all")).forEach(t -> listed.add(t.text())));
        if (tokens.stream().noneMatch(t -> t.isKeyword("all"))) {
            return tokens.stream().map(HbaToken::text).distinct().toList();
        }
        String fresh = freshPrefix + 0;
        for (int n = 1; listed.contains(fresh); n++) {
            fresh = freshPrefix + n;
        }
        List<String> names = new ArrayList<>(List.of(fresh));
        names.addAll(listed);
        return names;
    }

    /**
     * One address in each piece earlier rules' networks cut the rule's range into, per address family: the piece's
     * second address when it has three or more, else its first.
     */
    private static List<String> addressRepresentatives(HbaRule rule, List<HbaRule> earlier) {
        List<String> addresses = new ArrayList<>();
        for (int bytes : families(rule.address())) {
            BigInteger[] range = range(rule.address(), bytes);
            Set<BigInteger> starts = new TreeSet<>(List.of(range[0]));
            for (HbaRule other : earlier) {
                if (other.address() == null || !other.address().isNumeric()
                        || other.address().network().bytes().length != bytes) {
                    continue;
                }
                BigInteger[] cut = range(other.address(), bytes);
                for (BigInteger point : List.of(cut[0], cut[1].add(BigInteger.ONE))) {
                    if (point.compareTo(range[0]) > 0 && point.compareTo(range[1]) <= 0) {
                        starts.add(point);
                    }
                }
            }
            List<BigInteger> pieces = new ArrayList<>(starts);
            for (int i = 0; i < pieces.size(); i++) {
                BigInteger start = pieces.get(i);
                BigInteger end = i + 1 < pieces.size() ? pieces.get(i + 1).subtract(BigInteger.ONE) : range[1];
                // not a network's own first address where the piece has room: a real client can use it
                boolean roomy = end.subtract(start).compareTo(BigInteger.TWO) >= 0;
                addresses.add(address(roomy ? start.add(BigInteger.ONE) : start, bytes));
            }
        }
        return addresses;
    }

    private static List<Integer> families(HbaAddress address) {
        return address.form() == HbaAddress.Form.ALL ? List.of(4, 16) : List.of(address.network().bytes().length);
    }

    /** First and last address of a numeric rule's network, or of the whole family for {@code all}. */
    private static BigInteger[] range(HbaAddress address, int bytes) {
        BigInteger all = BigInteger.ONE.shiftLeft(bytes * 8).subtract(BigInteger.ONE);
        if (address.form() == HbaAddress.Form.ALL) {
            return new BigInteger[] {BigInteger.ZERO, all};
        }
        BigInteger mask = new BigInteger(1, address.mask().bytes());
        BigInteger first = new BigInteger(1, address.network().bytes()).and(mask);
        return new BigInteger[] {first, first.or(all.xor(mask))};
    }

    private static String address(BigInteger value, int bytes) {
        byte[] raw = value.toByteArray();
        byte[] exact = new byte[bytes];
        int copy = Math.min(raw.length, bytes);
        System.arraycopy(raw, raw.length - copy, exact, bytes - copy, copy);
        return new NumericAddress(exact).toString();
    }
}
