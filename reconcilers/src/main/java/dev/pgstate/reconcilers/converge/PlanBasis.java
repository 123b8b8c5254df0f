package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.secret.HmacSha256;
import java.util.Objects;
import java.util.SortedMap;

/**
 * What one plan was made from, the server as the kinds read it (the TLS material as its kind resolved it among
 * them), with the plan itself.
 */
public record PlanBasis(LiveState live, Plan plan) {

    public PlanBasis {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(plan, "plan");
    }

    /**
     * One keyed digest per object the plan was made from, by address, so that a saved plan found stale can name what
     * moved ({@link LiveDigests}).
     *
     * @param mac the state directory's MAC for saved plans
     */
    public SortedMap<String, String> liveDigests(Spec spec, HmacSha256 mac) {
        return LiveDigests.of(live.kinds(), spec, mac);
    }

}
