package dev.pgstate.reconcilers.core.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts changes in the order they can be applied: kinds sorted from their {@link ManagedKind#needs()} (Kahn's
 * algorithm, ties in the registry's order), objects within a kind by address; drops last, kinds reversed, so a
 * database goes before the role that owns it.
 */
public final class ChangeOrder {

    private final Map<KindName, Integer> rank = new HashMap<>();

    /** @param kinds every managed kind, in the registry's order */
    public ChangeOrder(List<ManagedKind> kinds) {
        List<KindName> order = sortKinds(kinds);
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
    }

    public List<Change> sort(List<Change> changes) {
        Comparator<Change> byAddress = Comparator.comparing(Change::address, addresses());
        Comparator<Change> forward = Comparator.<Change>comparingInt(c -> rankOf(c.kind())).thenComparing(byAddress);
        Comparator<Change> reverse = Comparator.<Change>comparingInt(c -> -rankOf(c.kind())).thenComparing(byAddress);
        List<Change> ordered = new ArrayList<>();
        changes.stream().filter(c -> !c.action().isDeletion()).sorted(forward).forEach(ordered::add);
        changes.stream().filter(c -> c.action().isDeletion()).sorted(reverse).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    /** Addresses as plans list them: by their kind's place in this order, then by their text. */
    public Comparator<Address> addresses() {
        return Comparator.<Address>comparingInt(a -> rankOf(a.kind())).thenComparing(Address::toString);
    }

    private int rankOf(KindName kind) {
        Integer place = rank.get(kind);
        if (place == null) {
            throw new IllegalStateException("kind " + kind + " is not in the registry");
        }
        return place;
    }

    /** Kahn's algorithm; a cycle in the declared dependencies is a programming error and fails loudly. */
    static List<KindName> sortKinds(List<ManagedKind> kinds) {
        List<KindName> sorted = new ArrayList<>();
        List<ManagedKind> pending = new ArrayList<>(kinds);
        while (!pending.isEmpty()) {
            ManagedKind ready = pending.stream()
                    .filter(k -> sorted.containsAll(k.needs()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("dependency cycle among kinds: "
                            + pending.stream().map(k -> k.name().label()).collect(Collectors.joining(" -> "))));
            sorted.add(ready.name());
            pending.remove(ready);
        }
        return List.copyOf(sorted);
    }
}
