package dev.pgstate.reconcilers.core.live;

import java.util.function.Function;

/**
 * What a kind made of the rows it read (its index of them by name), kept and handed out again while the rows are equal
 * to those it was made of. {@link RememberedRows} hands out the very same list for rows the server still has, whose
 * comparison is then one of references: a daemon's idle cycle at ten thousand roles neither indexes them again nor
 * compares them one by one when its planner asks whether anything it read changed.
 *
 * @param <K> what the index is made of (the rows, or a list of the row lists), compared with equals
 * @param <R> the index: immutable, since the same one is handed out again
 */
public final class KeptIndex<K, R> {

    private volatile Kept<K, R> kept;

    private record Kept<K, R>(K rows, R index) {
    }

    /** The index made of {@code rows} before when they are equal, else {@code index} of them, kept for the next read. */
    public R of(K rows, Function<K, R> index) {
        Kept<K, R> before = kept;
        if (before != null && before.rows().equals(rows)) {
            if (before.rows() != rows) {
                // equal rows read anew (the first read after one without a digest): kept instead, so that the next
                // read, which hands out these very ones, compares them by reference
                kept = new Kept<>(rows, before.index());
            }
            return before.index();
        }
        R made = index.apply(rows);
        kept = new Kept<>(rows, made);
        return made;
    }
}
