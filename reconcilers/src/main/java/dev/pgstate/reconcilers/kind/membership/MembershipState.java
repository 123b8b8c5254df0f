package dev.pgstate.reconcilers.kind.membership;

import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The server's membership grants as read in the one snapshot, which plan themselves against the spec's
 * {@code member_of} lists and write them into each exported role.
 */
public record MembershipState(ServerInfo server, LiveMemberships live) implements KindState {

    /** The server's membership grants among what the kinds read ({@code read}); none when they were not read. */
    public static LiveMemberships liveIn(List<KindState> read) {
        return KindState.find(read, MembershipState.class).map(MembershipState::live).orElse(LiveMemberships.NONE);
    }

    @Override
    public boolean plansFromInputsAlone(Spec spec) {
        return true;
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
        new MembershipPlanner(context.planned(), server, live, RoleKind.existsAfterPlan(context), findings).plan();
    }

    /** Every grant, the rows of one role and member together whoever granted them. */
    @Override
    public Map<Address, String> digestTexts(Spec spec, List<KindState> read) {
        Map<Address, String> texts = new LinkedHashMap<>();
        live.all().stream()
                .collect(Collectors.groupingBy(m -> MembershipKind.address(m.role(), m.member()),
                        Collectors.mapping(LiveMembership::toString, Collectors.toCollection(TreeSet::new))))
                .forEach((address, rows) -> texts.put(address, String.join("\n", rows)));
        return texts;
    }

    @Override
    public Spec export(Spec exported) {
        List<RoleSpec> roles = exported.roles().stream()
                .map(role -> role.toBuilder().memberOf(memberships(role.name())).build())
                .toList();
        return exported.toBuilder().roles(roles).build();
    }

    /**
     * One entry per role granted to {@code member}, with the options as the server applies them (held when any
     * grantor's row gives it). Before 16, inherit and set are not per grant, so only admin is written.
     */
    private List<MembershipSpec> memberships(String member) {
        TreeMap<String, List<LiveMembership>> byRole = live.of(member).stream()
                .collect(Collectors.groupingBy(LiveMembership::role, TreeMap::new, Collectors.toList()));
        return byRole.entrySet().stream().map(entry -> {
            List<LiveMembership> grants = entry.getValue();
            boolean admin = grants.stream().anyMatch(LiveMembership::admin);
            if (!server.hasMembershipOptions()) {
                return new MembershipSpec(entry.getKey(), admin, null, null);
            }
            return new MembershipSpec(entry.getKey(), admin, grants.stream().anyMatch(LiveMembership::inherit),
                    grants.stream().anyMatch(LiveMembership::set));
        }).toList();
    }
}
