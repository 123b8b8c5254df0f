package dev.pgstate.model.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a named object must exist; {@code absent} is the only way the agent ever drops something. */
public enum State {
    @JsonProperty("present") PRESENT,
    @JsonProperty("absent") ABSENT
}
