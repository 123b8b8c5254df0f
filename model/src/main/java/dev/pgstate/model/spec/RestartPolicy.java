package dev.pgstate.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the agent does about parameters that only a restart applies ({@code pg_settings.context = postmaster}):
 * {@code if-needed} restarts once after everything else is applied; {@code never} leaves the restart to a
 * person and reports it as pending on every plan until it happens.
 */
public enum RestartPolicy {
    @JsonProperty("if-needed") IF_NEEDED,
    @JsonProperty("never") NEVER
}
