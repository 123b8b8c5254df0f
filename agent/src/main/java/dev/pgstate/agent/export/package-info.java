/** Writes an exported spec as YAML: the spec the engine read back from a server, which planned against that server shows no changes. */
package dev.pgstate.agent.export;
