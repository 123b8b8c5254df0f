package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.reconcilers.secret.DesiredPasswords;
import java.time.Instant;

/**
 * What a kind resolves its material with before planning ({@link ManagedKind#resolve}): where the agent reaches the
 * server (to ask it over the network, as a TLS handshake does), the spec's secrets as read from their sources, and the
 * time the plan is made at.
 *
 * @param host the host the agent connects to, a Unix socket's directory, or null for the default
 * @param port the port the agent connects to, null when it names none
 */
public record Resolving(String host, Integer port, DesiredPasswords secrets, Instant now) {
}
