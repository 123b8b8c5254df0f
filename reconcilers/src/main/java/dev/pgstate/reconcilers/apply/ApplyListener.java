package dev.pgstate.reconcilers.apply;

import dev.pgstate.reconcilers.plan.Change;

/** Hears about each change as the applier works through a plan, e.g. to print progress. */
public interface ApplyListener {

    /** Listens to nothing. */
    ApplyListener NONE = new ApplyListener() {
    };

    /** Called just before the change's first statement is sent. */
    default void beforeChange(Change change) {
    }

    /** Called once the change is committed (for a transactional group: after the group's commit). */
    default void afterChange(Change change) {
    }
}
