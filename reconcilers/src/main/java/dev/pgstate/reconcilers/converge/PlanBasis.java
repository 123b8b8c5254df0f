package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
import java.util.Objects;
import java.util.SortedMap;
import javax.crypto.Mac;

/** What one plan was made from, the server as read and the TLS material as resolved, with the plan itself. */
public record PlanBasis(LiveState live, ResolvedTls tls, Plan plan) {

    public PlanBasis {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(plan, "plan");
    }

    /**
     * One keyed digest per object the plan was made from, by address, so that a saved plan found stale can name what
     * moved ({@link LiveDigests}).
     *
     * @param mac the state directory's MAC for saved plans
     */
    public SortedMap<String, String> liveDigests(Spec spec, Mac mac) {
        return LiveDigests.of(this, spec, mac);
    }

}
