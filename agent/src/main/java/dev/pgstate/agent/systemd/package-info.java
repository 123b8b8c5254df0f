/** Talking to systemd as a {@code Type=notify} service: readiness, status lines and watchdog pings. */
package dev.pgstate.agent.systemd;
