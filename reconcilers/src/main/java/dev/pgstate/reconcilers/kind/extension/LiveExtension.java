package dev.pgstate.reconcilers.kind.extension;

/** An extension installed in a database, as pg_extension has it; {@code relocatable}: SET SCHEMA can move it. */
public record LiveExtension(String name, String version, String schema, boolean relocatable) {
}
