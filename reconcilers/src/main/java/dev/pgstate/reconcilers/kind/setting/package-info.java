/** Server parameters as a managed object: their reader, planner, targets (ALTER SYSTEM or the agent's file) and writer. */
package dev.pgstate.reconcilers.kind.setting;
