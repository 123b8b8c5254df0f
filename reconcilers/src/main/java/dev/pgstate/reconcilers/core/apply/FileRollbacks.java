package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.plan.Change;
import java.util.ArrayList;
import java.util.List;

/**
 * What the file changes of one apply leave for a rollback of its reload or restart: the files as they were, which go
 * back with the settings files, and what each change must undo once they are back (state kept beside the files).
 */
public final class FileRollbacks {

    private ConfigSnapshot previousFiles = ConfigSnapshot.NONE;
    private final List<Runnable> afterFilesRestored = new ArrayList<>();
    private final List<Change> keptBy = new ArrayList<>();

    /** {@code change}'s files as they were; {@code undo} runs once they are back, and reports its own failures. */
    public void keep(Change change, ConfigSnapshot previous, Runnable undo) {
        previousFiles = previousFiles.withOwnFilesOf(previous);
        afterFilesRestored.add(undo);
        keptBy.add(change);
    }

    /** The changes whose files a rollback puts back: they are undone with it, not applied. */
    List<Change> keptBy() {
        return List.copyOf(keptBy);
    }

    /** {@code settings} with the files kept here added. */
    ConfigSnapshot withSettings(ConfigSnapshot settings) {
        return settings.withOwnFilesOf(previousFiles);
    }

    /** The files are back: the changes undo what they did beside them. */
    void filesRestored() {
        afterFilesRestored.forEach(Runnable::run);
    }
}
