package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a kind plans against: the spec as written, the spec with the unmanaged objects the policy drops added as
 * absent ({@code planned}), whether an object exists once the plan is applied (for a kind whose objects name objects
 * of the kinds it needs: a database's owner), what every kind read ({@code states}: pg_hba.conf's rules name roles
 * and groups), the planner's standing {@code inputs}, the spec's passwords as read from
 * their sources, how the agent logs in (so that a change that would stop it is found), and the time certificates'
 * and passwords' expiries are counted from.
 */
public record PlanContext(Spec spec, Spec planned, Predicate<Address> existsAfterPlan, List<KindState> states,
                          PlanInputs inputs, DesiredPasswords passwords, AgentLogin agent, Instant now) {

    public PlanContext {
        states = List.copyOf(states);
    }

    /** What the kind whose state is a {@code type} read, if it was read: a kind asks only for those it needs. */
    public <T extends KindState> Optional<T> state(Class<T> type) {
        return KindState.find(states, type);
    }
}
