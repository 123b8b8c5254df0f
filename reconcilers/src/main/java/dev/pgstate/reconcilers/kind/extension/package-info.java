/** Extensions of each database as a managed object: their reader, planner, changes, statements and exporter. */
package dev.pgstate.reconcilers.kind.extension;
