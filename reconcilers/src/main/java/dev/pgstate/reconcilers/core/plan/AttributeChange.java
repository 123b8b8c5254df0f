package dev.pgstate.reconcilers.core.plan;

import java.util.Objects;

/**
 * One attribute's before and after; {@code null} means absent (nothing before a create). Values are
 * Boolean, Integer or String so both renderings can show them as they are.
 */
public record AttributeChange<A extends Attribute>(A attribute, Object before, Object after) {

    public AttributeChange {
        Objects.requireNonNull(attribute, "attribute");
    }

    public static <A extends Attribute> AttributeChange<A> created(A attribute, Object after) {
        return new AttributeChange<>(attribute, null, after);
    }

    public String name() {
        return attribute.key();
    }

    public boolean sensitive() {
        return attribute.sensitive();
    }
}
