package dev.pgstate.model.spec;

import java.util.Map;

/**
 * What the builders of a role and of a database share, written once: the name, and the attributes both kinds of
 * object have (state, connection limit, their own settings). {@code B} is the concrete builder, so a chain keeps
 * its type; attributes never set stay {@code null}, that is unmanaged.
 */
abstract class ObjectSpecBuilder<B extends ObjectSpecBuilder<B>> {
    final String name;
    State state;
    Integer connectionLimit;
    Map<String, String> settings;

    ObjectSpecBuilder(String name) {
        this.name = name;
    }

    public B state(State state) {
        this.state = state;
        return self();
    }

    public B connectionLimit(Integer connectionLimit) {
        this.connectionLimit = connectionLimit;
        return self();
    }

    public B settings(Map<String, String> settings) {
        this.settings = settings;
        return self();
    }

    /** This builder as its own class: {@code B} is always the class that extends this one. */
    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
