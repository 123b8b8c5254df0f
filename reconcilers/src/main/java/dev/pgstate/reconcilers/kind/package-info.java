/**
 * One package per managed kind ({@code role}, {@code membership}, {@code database}, {@code objectsetting},
 * {@code setting}, {@code tls}, {@code hba}, {@code schema}, {@code extension}): its reader, planner, change records
 * (each says how it runs, its statements and what it needs), its {@code ManagedKind} and its tests. Rules, checked by
 * {@code EngineArchitectureTest}: a kind depends on the core, the model and the shared libraries ({@code conf},
 * {@code regex}, {@code secret}), and on another kind only when its {@code ManagedKind} declares that kind among its
 * needs. Outside the kinds, only the registry ({@code registry.Kinds}) and the features that are one kind's by nature
 * (explaining and linting pg_hba.conf rules, issuing client certificates) name a kind's classes; the core and the
 * converge stage reach every kind through {@code ManagedKind}, {@code KindState} and {@code Change}.
 */
package dev.pgstate.reconcilers.kind;
