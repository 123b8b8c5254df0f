/** The engine's error vocabulary: one root exception with a kind, why a single change failed, SQLSTATEs by name. */
package dev.pgstate.reconcilers.core.failure;
