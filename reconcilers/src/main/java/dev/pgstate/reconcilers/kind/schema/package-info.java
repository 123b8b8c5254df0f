/** Schemas, per database: created, given to their owner, and dropped only when the spec marks them absent. */
package dev.pgstate.reconcilers.kind.schema;
