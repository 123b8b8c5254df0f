package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.reconcilers.core.plan.Attribute;

/** What the agent manages of a schema besides its being there. */
public enum SchemaAttribute implements Attribute {
    /** Given with CREATE SCHEMA … AUTHORIZATION, changed with ALTER SCHEMA … OWNER TO. */
    OWNER("owner");

    private final String key;

    SchemaAttribute(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
