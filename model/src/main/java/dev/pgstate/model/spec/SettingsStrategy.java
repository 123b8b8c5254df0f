package dev.pgstate.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the agent writes server parameters. {@code alter-system} lets the server validate every value as it
 * is written and wins over postgresql.conf; {@code file} keeps them in a file the agent owns: a drop-in in the
 * config's {@code include_dir} when it has one (Debian's conf.d), else a delimited block in postgresql.conf.
 */
public enum SettingsStrategy {
    @JsonProperty("alter-system") ALTER_SYSTEM,
    @JsonProperty("file") FILE
}
