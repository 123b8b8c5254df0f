package dev.pgstate.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the agent says about an object on the server that the spec does not name: nothing ({@code ignore}), a line in
 * the plan ({@code report}, the default), or drift that makes {@code plan} exit 2 ({@code drift}).
 */
public enum UnmanagedPolicy {
    @JsonProperty("ignore") IGNORE,
    @JsonProperty("report") REPORT,
    @JsonProperty("drift") DRIFT
}
