package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.plan.Change;
import java.nio.file.Path;

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

    /**
     * Called when a config file's new text is written and synced to {@code temp}, just before it atomically
     * replaces {@code target}: the one moment a crash would leave both on disk.
     */
    default void fileReadyToReplace(Path temp, Path target) {
    }
}
