/**
 * pg_hba.conf as a managed object: which rule a connection meets, the spec's rules laid out in the file, the
 * order-aware rule diff, lockout protection, and the careful write-validate-reload-confirm that applies a new file.
 */
package dev.pgstate.reconcilers.kind.hba;
