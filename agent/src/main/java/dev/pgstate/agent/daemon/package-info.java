/** The long-running agent: a loop of reconcile cycles, each yielding a {@link dev.pgstate.agent.daemon.CycleReport}. */
package dev.pgstate.agent.daemon;
