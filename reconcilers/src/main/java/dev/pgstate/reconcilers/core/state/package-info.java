/**
 * The agent's state directory as the engine keeps it: private to the agent, with a random key of its own that every
 * use of the directory derives its MAC from (the remembered password checks, the seal of saved plans).
 */
package dev.pgstate.reconcilers.core.state;
