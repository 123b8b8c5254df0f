package dev.pgstate.reconcilers.kind.membership;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.sql.Sql;
import dev.pgstate.reconcilers.core.sql.Values;
import dev.pgstate.reconcilers.kind.membership.MembershipOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GRANT and REVOKE of role membership. PostgreSQL 16 added per-grant INHERIT and SET options and keeps one
 * grant row per grantor; up to 15 there is one row per (role, member) and only the ADMIN option.
 */
public final class MembershipStatements {

    private final boolean perGrantOptions;

    public MembershipStatements(ServerInfo server) {
        this.perGrantOptions = server.hasMembershipOptions();
    }

    /** {@code GRANT r TO m} with the options that are set; unset options keep the server's defaults. */
    public String grant(String role, String member, List<AttributeChange<MembershipOption>> options) {
        List<String> clauses = new ArrayList<>();
        for (AttributeChange<MembershipOption> option : options) {
            if (option.after() != null) {
                optionClause(option.attribute(), Values.bool(option)).ifPresent(clauses::add);
            }
        }
        return grantStatement(role, member, clauses, null);
    }

    /**
     * Options turned on are granted on each existing grant row (so no new row appears under another grantor);
     * options turned off are revoked from each row. Up to 15 the single row has no grantor to name.
     */
    public List<String> alter(String role, String member, List<AttributeChange<MembershipOption>> options,
                              List<String> grantors) {
        List<String> turnOn = new ArrayList<>();
        List<MembershipOption> turnOff = new ArrayList<>();
        for (AttributeChange<MembershipOption> option : options) {
            if (Values.bool(option)) {
                optionClause(option.attribute(), true).ifPresent(turnOn::add);
            } else {
                checkSupported(option.attribute());
                turnOff.add(option.attribute());
            }
        }
        List<String> statements = new ArrayList<>();
        for (String grantor : grantorsToName(grantors)) {
            if (!turnOn.isEmpty()) {
                statements.add(grantStatement(role, member, turnOn, grantor));
            }
            for (MembershipOption option : turnOff) {
                statements.add(revokeStatement(option.name() + " OPTION FOR ", role, member, grantor));
            }
        }
        return statements;
    }

    /** Removes the membership: on 16+ one REVOKE per grantor row, since a plain REVOKE removes only one. */
    public List<String> revoke(String role, String member, List<String> grantors) {
        return grantorsToName(grantors).stream().map(g -> revokeStatement("", role, member, g)).toList();
    }

    /** A null entry stands for "no GRANTED BY": always up to 15, where REVOKE accepts only the current role. */
    private List<String> grantorsToName(List<String> grantors) {
        List<String> named = new ArrayList<>();
        if (perGrantOptions && !grantors.isEmpty()) {
            named.addAll(grantors);
        } else {
            named.add(null);
        }
        return named;
    }

    private Optional<String> optionClause(MembershipOption option, boolean on) {
        checkSupported(option);
        if (perGrantOptions) {
            return Optional.of(option.name() + (on ? " TRUE" : " FALSE"));
        }
        // up to 15 ADMIN off is simply the absence of WITH ADMIN OPTION
        return on ? Optional.of("ADMIN OPTION") : Optional.empty();
    }

    private void checkSupported(MembershipOption option) {
        if (!perGrantOptions && option != MembershipOption.ADMIN) {
            throw new IllegalArgumentException("the " + option.key()
                    + " option of a membership exists only from PostgreSQL 16");
        }
    }

    private static String grantStatement(String role, String member, List<String> clauses, String grantor) {
        StringBuilder sql = Sql.appendIdentifier(new StringBuilder("GRANT "), role).append(" TO ");
        Sql.appendIdentifier(sql, member);
        if (!clauses.isEmpty()) {
            sql.append(" WITH ").append(String.join(", ", clauses));
        }
        return grantedBy(sql, grantor);
    }

    private static String revokeStatement(String optionFor, String role, String member, String grantor) {
        StringBuilder sql = Sql.appendIdentifier(new StringBuilder("REVOKE ").append(optionFor), role).append(" FROM ");
        Sql.appendIdentifier(sql, member);
        return grantedBy(sql, grantor);
    }

    private static String grantedBy(StringBuilder sql, String grantor) {
        return grantor == null ? sql.toString() : Sql.appendIdentifier(sql.append(" GRANTED BY "), grantor).toString();
    }
}
