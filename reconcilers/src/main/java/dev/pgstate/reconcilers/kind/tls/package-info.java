/**
 * TLS material as a managed object: the agent's CA, certificates it issues, checks that material is sound before
 * the server sees it, and a probe of the certificate the server actually serves.
 */
package dev.pgstate.reconcilers.kind.tls;
