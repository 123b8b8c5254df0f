/** The box's own agent configuration and the signatures it may demand of a spec (Ed25519, detached). */
package dev.pgstate.agent.trust;
