/**
 * The engine's core, which names no kind: the plan model ({@code core.plan}: changes, addresses, actions, risks,
 * effects, their order and the {@code ManagedKind} every kind implements), the apply kernel ({@code core.apply}),
 * sessions ({@code core.connect}), SQL quoting ({@code core.sql}), what is read of the server itself
 * ({@code core.live}) and the agent's state directory with its key ({@code core.state}). Rule, checked by
 * {@code EngineArchitectureTest}: no class here depends on a kind's package or on the registry ({@code converge}); a
 * kind plugs in through {@code Change} and {@code ManagedKind}.
 */
package dev.pgstate.reconcilers.core;
