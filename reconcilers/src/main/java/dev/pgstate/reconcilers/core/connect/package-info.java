/** libpq-style connection settings (flags, PG* environment, spec) and JDBC connections over TCP or a Unix socket. */
package dev.pgstate.reconcilers.core.connect;
