package dev.pgstate.reconcilers.core.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the server must do after a change for it to take effect; gathered and performed once per apply. */
public enum Effect {
    NONE("none"), RELOAD("reload"), RESTART("restart");

    private final String label;

    Effect(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
