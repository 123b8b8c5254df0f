package dev.pgstate.reconcilers.core.plan;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered changes that make the server match the spec, the differences that need a person, the
 * objects present on the server that the spec does not name (left alone unless its unmanaged policy drops them),
 * warnings about changes that may not do what the spec's author expects, and every unmanaged object with what the
 * policy makes of it ({@code unmanagedObjects}: drift or only reported, superuser or not). Beside them, the
 * certificates on the box the tls section knows of ({@code certificates}), for the daemon's expiry metric; never
 * rendered, as they are not differences.
 */
public record Plan(List<Change> changes, List<ManualAction> manualActions, List<Address> unmanaged,
                   List<Warning> warnings, List<UnmanagedObject> unmanagedObjects,
                   List<KnownCertificate> certificates) {

    public Plan {
        changes = List.copyOf(changes);
        manualActions = List.copyOf(manualActions);
        unmanaged = List.copyOf(unmanaged);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        unmanagedObjects = unmanagedObjects == null ? List.of() : List.copyOf(unmanagedObjects);
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
    }

    /** A plan without warnings, an unmanaged policy's verdicts or the certificates of a tls section. */
    public Plan(List<Change> changes, List<ManualAction> manualActions, List<Address> unmanaged) {
        this(changes, manualActions, unmanaged, List.of(), List.of(), List.of());
    }

    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    /** The unmanaged objects the spec's policy calls drift; plan exits 2 for them as for changes. */
    public List<UnmanagedObject> drift() {
        return unmanagedObjects.stream().filter(UnmanagedObject::drift).toList();
    }

    public long count(Action.Tally tally) {
        return changes.stream().filter(c -> c.action().tally() == tally).count();
    }

    /** What the server must do once all changes are applied; empty when nothing. */
    public Set<Effect> effects() {
        Set<Effect> effects = EnumSet.noneOf(Effect.class);
        changes.stream().map(Change::effect).filter(e -> e != Effect.NONE).forEach(effects::add);
        return effects;
    }

    public Set<Risk> risks() {
        Set<Risk> risks = EnumSet.noneOf(Risk.class);
        changes.forEach(c -> risks.addAll(c.risks()));
        return risks;
    }
}
