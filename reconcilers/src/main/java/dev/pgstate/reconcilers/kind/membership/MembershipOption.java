package dev.pgstate.reconcilers.kind.membership;

import dev.pgstate.reconcilers.core.plan.Attribute;

/** The options of a membership grant; INHERIT and SET exist per grant from PostgreSQL 16. */
public enum MembershipOption implements Attribute {
    ADMIN("admin"), INHERIT("inherit"), SET("set");

    private final String key;

    MembershipOption(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
