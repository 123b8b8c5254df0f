package dev.pgstate.reconcilers.kind.schema;

/** A schema of a database, as pg_namespace has it, with its owner's name. */
public record LiveSchema(String name, String owner) {
}
