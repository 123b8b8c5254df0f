/** Renders a computed plan as text for people and as JSON for tools; it never computes anything itself. */
package dev.pgstate.reconcilers.render;
