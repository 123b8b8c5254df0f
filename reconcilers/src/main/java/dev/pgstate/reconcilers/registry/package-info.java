/**
 * The registry, {@link dev.pgstate.reconcilers.registry.Kinds}: the one place outside the kinds' own packages that
 * names them, listing them in order; the converge stage and the core reach every kind through it and the core's types.
 */
package dev.pgstate.reconcilers.registry;
