package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.Plan;
import java.util.List;
import java.util.Optional;

/**
 * A kind's state whose part in a plan only a look at the running server can prove taken up, after the reload or
 * restart (the TLS kind's material: the certificate served); the apply asks every state read that is one.
 */
public interface Confirming {

    /** The proof {@code plan} needs of this state, if it needs one; {@code read} is what every kind read. */
    Optional<Confirmation> confirmation(Plan plan, List<KindState> read);
}
