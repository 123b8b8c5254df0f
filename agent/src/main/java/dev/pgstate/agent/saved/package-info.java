/** Saved plans: {@code plan --out} writes what it will do and what it was made from; apply of the file checks both. */
package dev.pgstate.agent.saved;
