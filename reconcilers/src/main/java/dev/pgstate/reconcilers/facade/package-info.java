/**
 * The engine as the agent sees it: one {@link dev.pgstate.reconcilers.facade.Engine} whose verbs (plan, apply,
 * export, explain, audit, lint, issue and revoke client certificates) return typed results, and through which the
 * environment, the clock and the way sessions open reach the engine.
 */
package dev.pgstate.reconcilers.facade;
