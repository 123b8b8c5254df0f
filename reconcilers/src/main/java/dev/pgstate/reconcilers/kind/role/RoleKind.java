package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.KeptIndex;
import dev.pgstate.reconcilers.core.live.RememberedRows;
import dev.pgstate.reconcilers.core.live.ServerReader;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.core.plan.PlanInput;
import dev.pgstate.reconcilers.core.plan.PlanInputs;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Roles need nothing else: they are created first and dropped last. */
public final class RoleKind implements ManagedKind {

    public static final KindName NAME = new KindName("role");

    /** The password checks made by earlier plans, which the next plan need not make again. */
    static final PlanInput<PasswordVerdicts> PASSWORD_VERDICTS = new PlanInput<>(NAME, PasswordVerdicts.class);

    /** {@code role.idbox}. */
    public static Address address(String role) {
        return Address.of(NAME, role);
    }

    /** Whether a role of this name exists once the plan is applied, for a kind whose objects name roles. */
    public static Predicate<String> existsAfterPlan(PlanContext context) {
        return role -> context.existsAfterPlan().test(address(role));
    }

    /**
     * {@code inputs} with the password checks a role's plan makes with {@code verdicts}, and remembers in them; and
     * each password an apply sets from a plaintext given its verifier just before it runs, remembered to match.
     */
    public static PlanInputs checkingPasswords(PlanInputs inputs, PasswordVerdicts verdicts) {
        return inputs.with(PASSWORD_VERDICTS, verdicts).preparing(verdicts.preparation());
    }

    /** The roles the latest read mapped, given again while the server's digest of their rows is the same. */
    private final RememberedRows<LiveRole> roles = new RememberedRows<>();
    /** The roles by name, made again only when the roles or what they own differ from the latest read's. */
    private final KeptIndex<RoleRows, LiveRoles> indexed = new KeptIndex<>();
    /** What the latest read of pg_authid found stored, so an unchanged verifier is not parsed again. */
    private final StoredPasswords stored = new StoredPasswords();

    /** What the roles are indexed from: the same lists compare equal at once. */
    private record RoleRows(List<LiveRole> roles, List<RoleDependency> dependencies) {

        LiveRoles index() {
            Map<String, LiveRole> byName = new LinkedHashMap<>();
            roles.forEach(role -> byName.put(role.name(), role));
            return new LiveRoles(byName, dependencies);
        }
    }

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of();
    }

    /** Every role, with its stored password when the agent may read pg_authid, and what each owns (pg_shdepend). */
    @Override
    public KindState readInSnapshot(Spec spec, Connection session, ServerReader.Server server) throws SQLException {
        RoleRows rows = new RoleRows(RoleReader.read(session, server.canReadAuthid(), roles, stored),
                RoleDependencyReader.read(session));
        return new RoleState(server.info(), indexed.of(rows, RoleRows::index));
    }
}
