/**
 * One package per managed kind ({@code role}, {@code membership}, {@code database}, {@code setting}, {@code hba},
 * {@code tls}): its reader, planner, change records (each says how it runs, its statements and what it needs), its
 * {@code ManagedKind} and its tests. Rules, checked by {@code EngineArchitectureTest}: a kind depends on the core, the
 * model and the shared libraries ({@code conf}, {@code regex}, {@code secret}), and on another kind only when its
 * {@code ManagedKind} declares that kind among its needs. Outside its package only the registry
 * ({@code converge.Kinds}) is to name its classes; until each kind's read and plan go through {@code ManagedKind},
 * the whole-state reader and planner ({@code converge}), lint, render and the agent still do, and the whole live state
 * ({@code converge.LiveState}) with its index ({@code core.plan.PlanIndex}) is the one exception the rules name.
 */
package dev.pgstate.reconcilers.kind;
