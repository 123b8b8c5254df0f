package dev.pgstate.reconcilers.core.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts changes in the order they can be applied: kinds sorted once from {@link Kind#runsAfter()} (Kahn's
 * algorithm, ties by declaration order), objects within a kind by address; drops last, kinds reversed, so a
 * database goes before the role that owns it.
 */
public final class ChangeOrder {

    private static final List<Kind> KIND_ORDER = sortKinds(List.of(Kind.values()));

    private ChangeOrder() {
    }

    public static List<Change> sort(List<Change> changes) {
        Map<Kind, Integer> rank = new EnumMap<>(Kind.class);
        for (int i = 0; i < KIND_ORDER.size(); i++) {
            rank.put(KIND_ORDER.get(i), i);
        }
        Comparator<Change> byAddress = Comparator.comparing(Change::address);
        Comparator<Change> forward = Comparator.<Change>comparingInt(c -> rank.get(c.kind())).thenComparing(byAddress);
        Comparator<Change> reverse = Comparator.<Change>comparingInt(c -> -rank.get(c.kind())).thenComparing(byAddress);
        List<Change> ordered = new ArrayList<>();
        changes.stream().filter(c -> !c.action().isDeletion()).sorted(forward).forEach(ordered::add);
        changes.stream().filter(c -> c.action().isDeletion()).sorted(reverse).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    /** Kahn's algorithm; a cycle in the declared dependencies is a programming error and fails loudly. */
    static List<Kind> sortKinds(List<Kind> kinds) {
        List<Kind> sorted = new ArrayList<>();
        List<Kind> pending = new ArrayList<>(kinds);
        while (!pending.isEmpty()) {
            Kind ready = pending.stream()
                    .filter(k -> sorted.containsAll(k.runsAfter()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("dependency cycle among kinds: "
                            + pending.stream().map(Kind::label).collect(Collectors.joining(" -> "))));
            sorted.add(ready);
            pending.remove(ready);
        }
        return List.copyOf(sorted);
    }
}
