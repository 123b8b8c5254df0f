/** Roles as a managed object: their reader, planner (passwords included), change attributes and statements. */
package dev.pgstate.reconcilers.kind.role;
