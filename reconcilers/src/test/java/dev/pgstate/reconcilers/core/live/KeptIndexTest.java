package dev.pgstate.reconcilers.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An index made once per set of rows, and rows read anew but equal compared by reference from then on. */
class KeptIndexTest {

    private final KeptIndex<List<String>, Map<String, Integer>> kept = new KeptIndex<>();
    private final AtomicInteger indexed = new AtomicInteger();

    @Test
    void equalRowsGiveTheSameIndexAndAreComparedByReferenceOnceKept() {
        CountingList first = new CountingList(List.of("a", "b"));
        Map<String, Integer> index = index(first);
        CountingList readAnew = new CountingList(List.of("a", "b"));

        assertThat(index(readAnew)).isSameAs(index);
        assertThat(index(readAnew)).isSameAs(index);
        assertThat(readAnew.comparisons + first.comparisons)
                .as("compared element by element once; kept, the same list is the same rows").isEqualTo(1);
        assertThat(indexed).hasValue(1);

        Map<String, Integer> changed = index(new CountingList(List.of("a", "c")));
        assertThat(changed).isNotSameAs(index).containsOnlyKeys("a", "c");
        assertThat(indexed).hasValue(2);
    }

    private Map<String, Integer> index(List<String> rows) {
        return kept.of(rows, list -> {
            indexed.incrementAndGet();
            return Map.of(list.get(0), 0, list.get(1), 1);
        });
    }

    /** Rows that count how often they are compared with other rows (a comparison with themselves is free). */
    private static final class CountingList extends ArrayList<String> {

        int comparisons;

        CountingList(List<String> rows) {
            super(rows);
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            comparisons++;
            return super.equals(other);
        }

        @Override
        public int hashCode() {
            return super.hashCode();
        }
    }
}
