package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;

/** The schemas read for one plan or export, planned by {@link SchemaPlanner}, exported by {@link SchemaExporter}. */
record SchemaState(LiveSchemas live) implements KindState {

    @Override
    public void plan(Spec spec, Findings findings) {
        new SchemaPlanner(live, findings).plan(spec);
    }

    @Override
    public Spec export(Spec exported) {
        return SchemaExporter.into(exported, live);
    }
}
