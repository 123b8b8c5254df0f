package dev.pgstate.reconcilers.core.plan;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What a kind does to some of its changes just before they run: the role kind makes the verifier of each password
 * set from a plaintext (a PBKDF2 each). It is CPU work of the agent's alone, so the applier runs it in the background,
 * in the plan's order, while the server works on the changes before ({@code Applier}).
 */
public interface Preparation {

    /** Prepares nothing. */
    Preparation NONE = of(change -> false, change -> change);

    /** A change this does not prepare runs as planned. */
    boolean prepares(Change change);

    /** {@code change} ready to run; only for a change it {@link #prepares}. */
    Change prepared(Change change);

    /** Each of {@code preparations} in turn, on the changes it prepares. */
    static Preparation allOf(List<Preparation> preparations) {
        List<Preparation> each = List.copyOf(preparations);
        return of(change -> each.stream().anyMatch(preparation -> preparation.prepares(change)), change -> {
            Change ready = change;
            for (Preparation preparation : each) {
                ready = preparation.prepares(ready) ? preparation.prepared(ready) : ready;
            }
            return ready;
        });
    }

    /** The preparation of the changes {@code prepares} accepts by {@code prepared}. */
    static Preparation of(Predicate<Change> prepares, UnaryOperator<Change> prepared) {
        return new Preparation() {
            @Override
            public boolean prepares(Change change) {
                return prepares.test(change);
            }

            @Override
            public Change prepared(Change change) {
                return prepared.apply(change);
            }
        };
    }
}
