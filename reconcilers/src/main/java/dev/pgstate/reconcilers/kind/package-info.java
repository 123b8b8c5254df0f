/**
 * One package per managed kind ({@code role}, {@code membership}, {@code database}, {@code setting}, {@code hba},
 * {@code tls}): its reader, planner, change records (each says how it runs, its statements and what it needs), its
 * {@code ManagedKind} and its tests. Rules, checked by {@code EngineArchitectureTest}: a kind depends on the core, the
 * model and the shared libraries ({@code conf}, {@code regex}, {@code secret}), and on another kind only when its
 * {@code ManagedKind} declares that kind among its needs: a kind plans from its own live state (its {@code Live…}
 * record) and reads another kind's only through those needs (memberships and databases read the roles). Outside its
 * package only the registry ({@code converge.Kinds}) is to name its classes; until each kind's read and plan go
 * through {@code ManagedKind}, the reader and planner of {@code converge}, lint, render and the agent still do.
 */
package dev.pgstate.reconcilers.kind;
