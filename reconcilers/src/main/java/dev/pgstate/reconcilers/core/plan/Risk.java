package dev.pgstate.reconcilers.core.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a person or a fleet tool might want to look before a change is applied; a change may carry several. */
public enum Risk {
    DESTRUCTIVE("destructive"),
    NEEDS_RESTART("needs-restart"),
    MAY_LOCK_OUT("may-lock-out"),
    TOUCHES_SECRET("touches-secret");

    private final String label;

    Risk(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
