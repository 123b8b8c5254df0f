package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.Spec;
import java.util.function.Predicate;

/**
 * What a kind plans against: the spec as written, the spec with the unmanaged objects the policy drops added as
 * absent ({@code planned}), and whether an object exists once the plan is applied, for a kind whose objects name
 * objects of the kinds it needs (a database's owner).
 */
public record PlanContext(Spec spec, Spec planned, Predicate<Address> existsAfterPlan) {
}
