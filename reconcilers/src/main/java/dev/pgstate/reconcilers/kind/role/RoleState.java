package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.model.spec.ValidUntil;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The server's roles as read in the one snapshot, which plan themselves against the spec with the unmanaged drops
 * added (their passwords checked by the planner's {@link PasswordVerdicts}) and export every role except the
 * predefined ones and the bootstrap superuser, every attribute spelled out. A password or verifier is never exported,
 * so a role with one leaves its password unmanaged; a role known to have none (read as a superuser) gets
 * {@code password: none}.
 */
public record RoleState(ServerInfo server, LiveRoles live) implements KindState {

    /** The server's roles among what the kinds read ({@code read}); none when they were not read. */
    public static LiveRoles liveIn(List<KindState> read) {
        return KindState.find(read, RoleState.class).map(RoleState::live).orElse(LiveRoles.NONE);
    }

    /** The time the plan is made at counts only in the risks of a change (an expiry set in the past). */
    @Override
    public boolean plansFromInputsAlone(Spec spec) {
        return true;
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
        PasswordComparison passwords = PasswordComparison.checking(context.planned(), live, context.passwords(),
                context.inputs().get(RoleKind.PASSWORD_VERDICTS));
        new RolePlanner(context.planned(), server, live, passwords, context.agent(), context.now(), findings).plan();
    }

    @Override
    public Predicate<Address> existingAfter(Spec planned) {
        Predicate<String> role = live.existingAfter(planned);
        return address -> RoleKind.NAME.equals(address.kind()) && role.test(address.names().get(0));
    }

    /** Every role but the predefined ones and the bootstrap superuser, superusers under their own policy. */
    @Override
    public List<UnmanagedObject> unmanaged(Spec spec) {
        // a set, not Spec.role per live role: that scan is quadratic, a second's work at 10,000 roles
        Set<String> specRoles = spec.roles().stream().map(RoleSpec::name).collect(Collectors.toSet());
        return live.byName().values().stream()
                .filter(role -> !role.isSystem() && !specRoles.contains(role.name()))
                .flatMap(role -> UnmanagedObject.under(spec.unmanaged().forRole(role.superuser()),
                        RoleKind.address(role.name()), role.superuser()).stream())
                .toList();
    }

    /** Never the agent's own role; what a dropped role owns goes to the policy's {@code reassign_owned_to}. */
    @Override
    public Spec withDrops(Spec planned, List<UnmanagedObject> drifting) {
        List<RoleSpec> roles = new ArrayList<>(planned.roles());
        drifting.stream().map(UnmanagedObject::address).filter(address -> RoleKind.NAME.equals(address.kind()))
                .map(address -> address.names().get(0)).filter(name -> !name.equals(server.currentUser()))
                .forEach(name -> roles.add(RoleSpec.builder(name).state(State.ABSENT)
                        .reassignOwnedTo(planned.unmanaged().reassignOwnedTo()).build()));
        return planned.toBuilder().roles(roles).build();
    }

    /** Every role: its attributes and oid (a role dropped and made again is another role), and its stored password. */
    @Override
    public Map<Address, String> digestTexts(Spec spec, List<KindState> read) {
        Map<Address, String> texts = new LinkedHashMap<>();
        live.byName().values().forEach(role -> texts.put(RoleKind.address(role.name()), role + "\n"
                + role.password().form() + "\n" + role.password().scram().map(v -> v.text()).orElse("")));
        return texts;
    }

    @Override
    public Spec export(Spec exported) {
        List<RoleSpec> roles = live.byName().values().stream()
                .filter(role -> !role.isSystem())
                .sorted(Comparator.comparing(LiveRole::name))
                .map(RoleState::role)
                .toList();
        return exported.toBuilder().roles(roles).build();
    }

    private static RoleSpec role(LiveRole role) {
        String validUntil = role.validUntil().isPresent() ? ValidUntil.format(role.validUntil()) : null;
        return RoleSpec.builder(role.name()).superuser(role.superuser()).createdb(role.createdb())
                .createrole(role.createrole()).inherit(role.inherit()).login(role.login())
                .replication(role.replication()).bypassrls(role.bypassrls()).connectionLimit(role.connectionLimit())
                .validUntil(validUntil)
                .password(role.password().form() == StoredPassword.Form.NONE ? new PasswordSource.None() : null)
                .build();
    }
}
