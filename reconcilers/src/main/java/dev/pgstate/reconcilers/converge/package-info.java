/** The one straight line: spec, live state of every kind, plan, apply under the lock, re-read, and check that nothing is left. */
package dev.pgstate.reconcilers.converge;
