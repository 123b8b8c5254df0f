package dev.pgstate.reconcilers.core.plan;

/** A managed attribute of some kind of object, as named in the spec and in plans. */
public interface Attribute {

    /** The spec's name for it, e.g. {@code connection_limit}. */
    String key();

    /** Sensitive values are shown as {@code (sensitive)}, never as text. */
    default boolean sensitive() {
        return false;
    }

    /**
     * An element of an ordered list (a pg_hba.conf rule), not a named value: before and after are where it is, and
     * the text plan shows it as a list element with its places as notes.
     */
    default boolean listElement() {
        return false;
    }
}
