package dev.pgstate.reconcilers.core.plan;

import java.util.Set;

/**
 * DROP of an object kept in one database (an extension, a schema), only for {@code state: absent}. Without
 * {@link #cascade} the server refuses while anything depends on the object, and the apply reports that; with it,
 * {@link #cascadeTakes what the object holds or what depends on it} goes too.
 */
public interface DropInDatabase extends InDatabase {

    /** Whether the spec says {@code cascade: true}. */
    boolean cascade();

    /** What a cascade takes along, in words: "what depends on it". */
    String cascadeTakes();

    @Override
    default Action action() {
        return Action.DROP;
    }

    @Override
    default Set<Risk> risks() {
        return Set.of(Risk.DESTRUCTIVE);
    }

    @Override
    default String reason() {
        return "the spec marks it absent" + (cascade() ? "; cascade: " + cascadeTakes() + " is dropped too" : "");
    }
}
