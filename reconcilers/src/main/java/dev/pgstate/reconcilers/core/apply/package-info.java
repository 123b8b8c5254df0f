/** The apply kernel: transactions, the advisory lock, atomic files, the reload or restart, the statement runner. */
package dev.pgstate.reconcilers.core.apply;
