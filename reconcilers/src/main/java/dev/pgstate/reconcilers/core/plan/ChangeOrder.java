package dev.pgstate.reconcilers.core.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts changes in the order they can be applied: kinds sorted from their {@link ManagedKind#needs()} (Kahn's
 * algorithm, ties in the registry's order), objects within a kind by address; drops last, kinds reversed, so a
 * database goes before the role that owns it.
 */
public final class ChangeOrder {

    private final Map<Kind, Integer> rank = new EnumMap<>(Kind.class);

    /** @param kinds every managed kind, in the registry's order */
    public ChangeOrder(List<ManagedKind> kinds) {
        List<Kind> order = sortKinds(kinds);
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
    }

    public List<Change> sort(List<Change> changes) {
        Comparator<Change> byAddress = Comparator.comparing(Change::address);
        Comparator<Change> forward = Comparator.<Change>comparingInt(c -> rank.get(c.kind())).thenComparing(byAddress);
        Comparator<Change> reverse = Comparator.<Change>comparingInt(c -> -rank.get(c.kind())).thenComparing(byAddress);
        List<Change> ordered = new ArrayList<>();
        changes.stream().filter(c -> !c.action().isDeletion()).sorted(forward).forEach(ordered::add);
        changes.stream().filter(c -> c.action().isDeletion()).sorted(reverse).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    /** Kahn's algorithm; a cycle in the declared dependencies is a programming error and fails loudly. */
    static List<Kind> sortKinds(List<ManagedKind> kinds) {
        List<Kind> sorted = new ArrayList<>();
        List<ManagedKind> pending = new ArrayList<>(kinds);
        while (!pending.isEmpty()) {
            ManagedKind ready = pending.stream()
                    .filter(k -> sorted.containsAll(k.needs()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("dependency cycle among kinds: "
                            + pending.stream().map(k -> k.kind().label()).collect(Collectors.joining(" -> "))));
            sorted.add(ready.kind());
            pending.remove(ready);
        }
        return List.copyOf(sorted);
    }
}
