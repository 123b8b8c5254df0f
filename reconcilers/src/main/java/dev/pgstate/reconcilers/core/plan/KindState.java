package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.Spec;

/**
 * What one kind read of the server, which plans itself against a spec and writes itself into an exported spec; the
 * engine holds it without knowing its kind ({@link ManagedKind#read}).
 */
public interface KindState {

    /** Nothing read: plans nothing and exports nothing. */
    KindState NOTHING = new KindState() {
        @Override
        public void plan(Spec spec, Findings findings) {
        }

        @Override
        public Spec export(Spec exported) {
            return exported;
        }
    };

    /** Adds to {@code findings} the changes, manual actions, warnings and problems that make the server match. */
    void plan(Spec spec, Findings findings);

    /** {@code exported} with this state written into it, so that planning the result against the server is empty. */
    Spec export(Spec exported);
}
