package dev.pgstate.reconcilers.kind.membership;

import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Plans the memberships of every present role whose spec lists {@code member_of}: grants what is missing,
 * aligns grant options, revokes what is not listed. Options are compared as the server applies them: an
 * option holds when any grantor's row gives it.
 *
 * @param roleExistsAfterPlan whether a role exists once the plan is applied ({@code LiveRoles#existingAfter}), as a
 *     membership may name a role the spec does not
 */
public record MembershipPlanner(Spec spec, ServerInfo server, LiveMemberships live,
                                Predicate<String> roleExistsAfterPlan, Findings out) {

    public void plan() {
        for (RoleSpec member : spec.roles()) {
            if (member.state() == State.PRESENT && member.managesMemberships()) {
                planMemberships(member);
            }
        }
    }

    private void planMemberships(RoleSpec member) {
        Set<String> wanted = member.memberOf().stream().map(MembershipSpec::role).collect(Collectors.toSet());
        for (MembershipSpec membership : member.memberOf()) {
            if (!roleExistsAfterPlan.test(membership.role())) {
                out.problems.add(RoleKind.address(member.name()) + ": member_of names role \"" + membership.role()
                        + "\", which is neither in the spec nor on the server");
                continue;
            }
            List<LiveMembership> grants = live.grants(membership.role(), member.name());
            if (grants.isEmpty()) {
                out.changes.add(new GrantMembership(membership.role(), member.name(), grantedOptions(membership)));
            } else {
                planOptions(membership, member.name(), grants);
            }
        }
        live.of(member.name()).stream()
                .filter(m -> !wanted.contains(m.role()))
                .map(LiveMembership::role)
                .distinct()
                .sorted()
                .forEach(role -> out.changes.add(new RevokeMembership(role, member.name(),
                        grantors(live.grants(role, member.name())))));
    }

    private List<AttributeChange<MembershipOption>> grantedOptions(MembershipSpec membership) {
        List<AttributeChange<MembershipOption>> options = new ArrayList<>();
        for (MembershipOption option : MembershipOption.values()) {
            Boolean desired = desired(membership, option);
            if (desired != null) {
                options.add(AttributeChange.created(option, desired));
            }
        }
        return options;
    }

    private void planOptions(MembershipSpec membership, String member, List<LiveMembership> grants) {
        List<AttributeChange<MembershipOption>> changed = new ArrayList<>();
        for (MembershipOption option : MembershipOption.values()) {
            Boolean desired = desired(membership, option);
            boolean observed = grants.stream().anyMatch(holds(option));
            if (desired == null || desired == observed) {
                continue;
            }
            if (option != MembershipOption.ADMIN && !server.hasMembershipOptions()) {
                out.manualActions.add(new ManualAction(MembershipKind.address(membership.role(), member), option.key(),
                        desired, observed, "PostgreSQL " + server.major() + " has no per-grant " + option.key()
                        + " option (16+); before 16 it follows the member's own INHERIT attribute"));
                continue;
            }
            changed.add(new AttributeChange<>(option, observed, desired));
        }
        if (!changed.isEmpty()) {
            out.changes.add(new AlterMembership(membership.role(), member, changed, grantors(grants)));
        }
    }

    private static Boolean desired(MembershipSpec membership, MembershipOption option) {
        return switch (option) {
            case ADMIN -> membership.admin();
            case INHERIT -> membership.inherit();
            case SET -> membership.set();
        };
    }

    private static Predicate<LiveMembership> holds(MembershipOption option) {
        return switch (option) {
            case ADMIN -> LiveMembership::admin;
            case INHERIT -> LiveMembership::inherit;
            case SET -> LiveMembership::set;
        };
    }

    /** Before PostgreSQL 16 a grantor role could be dropped, leaving no name: such rows need no GRANTED BY. */
    private static List<String> grantors(List<LiveMembership> grants) {
        return grants.stream().map(LiveMembership::grantor).filter(Objects::nonNull).distinct().sorted().toList();
    }
}
