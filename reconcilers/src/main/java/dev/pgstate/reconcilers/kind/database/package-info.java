/** Databases as a managed object: their reader, planner, attributes and statements. */
package dev.pgstate.reconcilers.kind.database;
