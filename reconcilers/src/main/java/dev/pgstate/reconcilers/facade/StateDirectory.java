package dev.pgstate.reconcilers.facade;

import dev.pgstate.model.Specs;
import dev.pgstate.reconcilers.core.plan.PlanInputs;
import dev.pgstate.reconcilers.core.state.KeptSpec;
import dev.pgstate.reconcilers.core.state.KeyedDirectory;
import dev.pgstate.reconcilers.registry.Kinds;
import dev.pgstate.reconcilers.secret.HmacSha256;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The agent's state directory as the engine keeps it: the directory's key, from which the keys of its uses (sealing
 * saved plans) are derived, what the kinds plan with from it (the password checks remembered there) and the spec last
 * parsed. An engine plans with it through {@link Engine#remembering}.
 */
public final class StateDirectory {

    private final KeyedDirectory keyed;
    private final PlanInputs planInputs;
    private final Specs.Kept keptSpec;

    private StateDirectory(KeyedDirectory keyed, PlanInputs planInputs) {
        this.keyed = keyed;
        this.planInputs = planInputs;
        this.keptSpec = KeptSpec.in(keyed);
    }

    /**
     * The directory, made private to the agent when it is missing; its files are used only when they are the agent's
     * own and intact.
     *
     * @throws IOException when the directory cannot be made or others could write to it
     */
    public static StateDirectory in(Path directory) throws IOException {
        KeyedDirectory keyed = KeyedDirectory.in(directory);
        return new StateDirectory(keyed, Kinds.planInputs(keyed));
    }

    /**
     * A MAC under a key of this directory's own for {@code purpose} (e.g. "saved plans"), the same for every process
     * using the directory and never the one the password checks use.
     *
     * @throws IOException when the key cannot be written
     */
    public HmacSha256 macFor(String purpose) throws IOException {
        return keyed.macFor(purpose);
    }

    PlanInputs planInputs() {
        return planInputs;
    }

    Specs.Kept keptSpec() {
        return keptSpec;
    }
}
