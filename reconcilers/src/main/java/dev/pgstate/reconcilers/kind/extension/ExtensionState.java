package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;

/** The extensions read for one plan or export, planned by {@link ExtensionPlanner}, exported by {@link ExtensionExporter}. */
record ExtensionState(LiveExtensions live) implements KindState {

    @Override
    public void plan(Spec spec, Findings findings) {
        new ExtensionPlanner(live, findings).plan(spec);
    }

    @Override
    public Spec export(Spec exported) {
        return ExtensionExporter.into(exported, live);
    }
}
