/** The typed difference between a spec and the live state: changes, findings, their order and risks. */
package dev.pgstate.reconcilers.core.plan;
