/** The daemon's figures in Prometheus text format and its health, on a small local HTTP endpoint. */
package dev.pgstate.agent.metrics;
