package dev.pgstate.reconcilers.core.apply;

import java.util.ArrayList;
import java.util.List;

/**
 * What the file changes of one apply leave for a rollback of its reload or restart: the files as they were, which go
 * back with the settings files, and what each change must undo once they are back (state kept beside the files).
 */
public final class FileRollbacks {

    private ConfigSnapshot previousFiles = ConfigSnapshot.NONE;
    private final List<Runnable> afterFilesRestored = new ArrayList<>();

    /** {@code undo} runs once {@code previous} is back in place; it reports its own failures. */
    public void keep(ConfigSnapshot previous, Runnable undo) {
        previousFiles = previousFiles.withOwnFilesOf(previous);
        afterFilesRestored.add(undo);
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
