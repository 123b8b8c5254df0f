/** Turns what a server has into a spec file that, planned against the same server, shows no changes. */
package dev.pgstate.agent.export;
