package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.reconcilers.core.plan.Attribute;

/** What the agent manages of an installed extension. */
public enum ExtensionAttribute implements Attribute {
    /** Brought to the spec's with ALTER EXTENSION … UPDATE TO, along the extension's own update scripts. */
    VERSION("version"),
    /** Moved with ALTER EXTENSION … SET SCHEMA, which only a relocatable extension allows. */
    SCHEMA("schema");

    private final String key;

    ExtensionAttribute(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
