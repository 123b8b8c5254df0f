package dev.pgstate.reconcilers.lint;

import dev.pgstate.reconcilers.conf.ConnectionType;
import dev.pgstate.reconcilers.conf.HbaAddress;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaToken;
import dev.pgstate.reconcilers.conf.NumericAddress;
import dev.pgstate.reconcilers.kind.hba.RoleGraph;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** What the rules ask of one pg_hba.conf rule: how wide its address is, how strong its method, whom it names. */
final class RuleShape {

    /** Methods that check no stored password: the OS, a certificate, or an external service vouches instead. */
    private static final Set<String> WITHOUT_STORED_PASSWORD =
            Set.of("trust", "peer", "ident", "cert", "gss", "sspi", "ldap", "radius", "pam", "bsd", "oauth");

    /** How much a method lets through, for "more permissive than the managed rules": trust is the most. */
    private static final Map<String, Integer> PERMISSIVENESS = Map.of(
            "reject", 0, "cert", 1, "scram-sha-256", 2, "md5", 3, "password", 4, "trust", 5);
    private static final int EXTERNAL_METHOD = 2;

    private static final NumericAddress LOOPBACK_V4 = NumericAddress.parse("127.0.0.0").orElseThrow();
    private static final NumericAddress LOOPBACK_V4_MASK = NumericAddress.parse("255.0.0.0").orElseThrow();
    private static final NumericAddress LOOPBACK_V6 = NumericAddress.parse("::1").orElseThrow();

    private RuleShape() {
    }

    static boolean rejects(HbaRule rule) {
        return rule.effectiveMethod().equals("reject");
    }

    static boolean admitsTcpWithoutSsl(HbaRule rule) {
        return rule.type() == ConnectionType.HOST || rule.type() == ConnectionType.HOSTNOSSL
                || rule.type() == ConnectionType.HOSTNOGSSENC;
    }

    static boolean checksNoStoredPassword(HbaRule rule) {
        return WITHOUT_STORED_PASSWORD.contains(rule.effectiveMethod());
    }

    static int permissiveness(HbaRule rule) {
        return PERMISSIVENESS.getOrDefault(rule.effectiveMethod(), EXTERNAL_METHOD);
    }

    /** Every address ({@code all}, {@code 0.0.0.0/0}, {@code ::/0}). */
    static boolean anyAddress(HbaRule rule) {
        HbaAddress address = rule.address();
        return address != null && (address.form() == HbaAddress.Form.ALL
                || (address.isNumeric() && isZero(address.mask())));
    }

    /** Any address, or every network the box is on. */
    static boolean broadAddress(HbaRule rule) {
        return anyAddress(rule) || (rule.address() != null && rule.address().form() == HbaAddress.Form.SAMENET);
    }

    /** Connections that never leave the box: loopback networks, the box's own addresses, {@code localhost}. */
    static boolean loopbackOnly(HbaRule rule) {
        HbaAddress address = rule.address();
        if (address == null) {
            return true;
        }
        return switch (address.form()) {
            case SAMEHOST -> true;
            case HOSTNAME -> address.hostname().equals("localhost");
            case CIDR, ADDRESS_AND_MASK -> address.network().isIpv6()
                    ? address.network().equals(LOOPBACK_V6) && isAllOnes(address.mask())
                    : address.network().isWithin(LOOPBACK_V4, LOOPBACK_V4_MASK) && covers(LOOPBACK_V4_MASK, address.mask());
            default -> false;
        };
    }

    /** True when every user token is a plain name: no {@code all}, group or regular expression. */
    static boolean namesUsersOnly(HbaRule rule, HbaGrammar grammar) {
        return rule.userNames().stream().allMatch(token -> isName(token, grammar));
    }

    /** A token that is one role or database name, not a keyword, group, file or pattern. */
    static boolean isName(HbaToken token, HbaGrammar grammar) {
        return token.quoted() || !(token.text().equals("all") || token.isGroup() || token.isFileReference()
                || token.isRegex(grammar) || List.of("sameuser", "samerole", "samegroup", "replication")
                .contains(token.text()));
    }

    /** Whether the rule's user column can admit {@code role}. */
    static boolean admitsUser(HbaRule rule, String role, RoleGraph memberships, HbaGrammar grammar) {
        for (HbaToken token : rule.userNames()) {
            if (token.isKeyword("all") || (isName(token, grammar) && token.text().equals(role))
                    || (token.isGroup() && memberships.isMember(role, token.text().substring(1)))
                    || (token.isRegex(grammar) && regexFinds(token.text().substring(1), role))) {
                return true;
            }
        }
        return false;
    }

    private static boolean regexFinds(String regex, String name) {
        try {
            return Pattern.compile(regex).matcher(name).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static boolean isZero(NumericAddress mask) {
        for (byte b : mask.bytes()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllOnes(NumericAddress mask) {
        for (byte b : mask.bytes()) {
            if (b != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code mask} is at least as long as {@code wider}: its network lies inside wider's. */
    private static boolean covers(NumericAddress wider, NumericAddress mask) {
        byte[] w = wider.bytes();
        byte[] m = mask.bytes();
        for (int i = 0; i < w.length; i++) {
            if ((w[i] & ~m[i]) != 0) {
                return false;
            }
        }
        return true;
    }
}
