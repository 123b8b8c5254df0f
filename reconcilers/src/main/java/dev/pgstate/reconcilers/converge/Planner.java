package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AgentLogin;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.core.plan.PlanInputs;
import dev.pgstate.reconcilers.core.plan.Preparation;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import dev.pgstate.reconcilers.registry.Kinds;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Classifies every spec-versus-server pair in one place and returns the ordered plan: each kind plans what it read
 * ({@link KindState#plan}) against the spec, in the registry's order, then what the kinds left to plan last
 * ({@link Findings#afterEveryKind}: roles whose passwords were being checked meanwhile), and the changes are ordered
 * by the kinds' needs.
 * Pure but for what the kinds remember from one plan to the next ({@link PlanInputs}, made by the registry): the
 * role kind's password checks, its one costly step, remembered in memory or in the state directory.
 */
public final class Planner {

    private final PlanInputs inputs;
    /** The latest plan, while it changes nothing and can be given again for equal inputs; else null. */
    private volatile Unchanged unchanged;

    /**
     * A plan with no change, and what it was made from: every kind plans from those alone
     * ({@link KindState#plansFromInputsAlone}), so equal inputs would plan it again. The daemon's idle cycles then
     * skip planning (at ten thousand roles and two thousand pg_hba.conf rules, 40% of a cycle); any difference in
     * the spec, a password, the agent's login or anything a kind read plans afresh.
     */
    private record Unchanged(Spec spec, LiveState live, DesiredPasswords passwords, AgentLogin agent, Plan plan) {

        boolean madeFrom(Spec spec, LiveState live, DesiredPasswords passwords, AgentLogin agent) {
            return this.agent.sameAs(agent) && this.spec.equals(spec) && this.passwords.equals(passwords)
                    && this.live.equals(live);
        }
    }

    /**
     * Checks passwords with SCRAM over every core and remembers the outcomes until the next plan: plan again with
     * the same planner (as the daemon does each cycle) and unchanged secrets and verifiers cost no PBKDF2.
     */
    public Planner() {
        this(Kinds.planInputs());
    }

    /** Plans with {@code inputs} from the registry ({@link Kinds#planInputs}), e.g. password checks tests count. */
    public Planner(PlanInputs inputs) {
        this.inputs = inputs;
    }

    /** What makes changes ready to apply, as the kinds prepare them ({@link PlanInputs#preparation}). */
    public Preparation preparation() {
        return inputs.preparation();
    }

    /** For a spec that manages no password. */
    public Plan plan(Spec spec, LiveState live) {
        return plan(spec, live, DesiredPasswords.NONE);
    }

    /**
     * @param passwords the spec's password sources, read by a {@code SecretResolver}
     * @throws PlanningException listing every reference the spec makes that neither it nor the server satisfies
     */
    public Plan plan(Spec spec, LiveState live, DesiredPasswords passwords) {
        return plan(spec, live, passwords, Instant.now(), AgentLogin.WITHOUT_PASSWORD);
    }

    /**
     * @param live     what the kinds read, with the spec's TLS material as the TLS kind resolved it for this server
     * @param now      when certificates' and passwords' expiries are counted from
     * @param agent    how the agent logs in to the role it connects as, so a change that would stop it is found
     */
    public Plan plan(Spec spec, LiveState live, DesiredPasswords passwords, Instant now, AgentLogin agent) {
        Unchanged before = unchanged;
        if (before != null && before.madeFrom(spec, live, passwords, agent)) {
            return before.plan();
        }
        Plan plan = planned(spec, live, passwords, now, agent);
        boolean again = !plan.hasChanges() && live.kinds().stream().allMatch(kind -> kind.plansFromInputsAlone(spec));
        unchanged = again ? new Unchanged(spec, live, passwords, agent, plan) : null;
        return plan;
    }

    private Plan planned(Spec spec, LiveState live, DesiredPasswords passwords, Instant now, AgentLogin agent) {
        Findings findings = new Findings();
        List<UnmanagedObject> unmanaged = live.kinds().stream().flatMap(kind -> kind.unmanaged(spec).stream())
                .sorted(Comparator.comparing(UnmanagedObject::address, Kinds.ORDER.addresses())).toList();
        Spec planned = withDrops(spec, live, unmanaged);
        Predicate<Address> existsAfterPlan = live.kinds().stream().map(kind -> kind.existingAfter(planned))
                .reduce(address -> false, Predicate::or);
        PlanContext context = new PlanContext(spec, planned, existsAfterPlan, live.kinds(), inputs, passwords, agent,
                now);
        live.kinds().forEach(kind -> kind.plan(context, findings));
        findings.afterEveryKind.forEach(Runnable::run);
        if (!findings.problems.isEmpty()) {
            throw new PlanningException(findings.problems);
        }
        findings.manualActions.sort(Comparator.comparing(ManualAction::address, Kinds.ORDER.addresses()));
        // the policy's ignore hides them from the list too
        findings.unmanaged.retainAll(unmanaged.stream().map(UnmanagedObject::address).toList());
        findings.unmanaged.sort(Kinds.ORDER.addresses());
        return new Plan(Kinds.ORDER.sort(findings.changes), findings.manualActions, findings.unmanaged,
                findings.warnings, unmanaged,
                live.kinds().stream().flatMap(kind -> kind.known().stream()).toList());
    }

    /**
     * The spec to plan: with {@code drop: true}, each drifting object its kind may drop added as absent, so the
     * kinds drop them with every safety an absent object has.
     */
    private static Spec withDrops(Spec spec, LiveState live, List<UnmanagedObject> unmanaged) {
        if (!spec.unmanaged().drops()) {
            return spec;
        }
        List<UnmanagedObject> drifting = unmanaged.stream().filter(UnmanagedObject::drift).toList();
        Spec planned = spec;
        for (KindState kind : live.kinds()) {
            planned = kind.withDrops(planned, drifting);
        }
        return planned;
    }
}
