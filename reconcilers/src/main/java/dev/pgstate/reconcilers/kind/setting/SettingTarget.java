package dev.pgstate.reconcilers.kind.setting;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a parameter is written: through ALTER SYSTEM (into {@code file} = postgresql.auto.conf), into the agent's
 * drop-in file in an include_dir, or into the agent's delimited block at the end of postgresql.conf.
 * {@code configFile} is the main config file, whose owner, group and mode a new drop-in takes.
 */
public record SettingTarget(Writer writer, Path file, Path configFile) {

    /** How the value gets into {@link #file()}. */
    public enum Writer { ALTER_SYSTEM, DROP_IN, CONF_BLOCK }

    public SettingTarget {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(file, "file");
    }

    /** The agent edits the file itself and validates it before any reload, rather than the server writing it. */
    public boolean isFile() {
        return writer != Writer.ALTER_SYSTEM;
    }
}
