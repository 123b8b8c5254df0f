/** Passwords the spec points at: read when planning, turned into SCRAM verifiers, and never shown. */
package dev.pgstate.reconcilers.secret;
