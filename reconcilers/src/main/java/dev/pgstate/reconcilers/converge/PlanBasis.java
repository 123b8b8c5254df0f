package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
import java.util.Objects;

/** What one plan was made from, the server as read and the TLS material as resolved, with the plan itself. */
public record PlanBasis(LiveState live, ResolvedTls tls, Plan plan) {

    public PlanBasis {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(plan, "plan");
    }
}
