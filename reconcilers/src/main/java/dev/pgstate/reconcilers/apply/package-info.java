/** Carries out a plan on the server: transactions, locking and the final convergence check. */
package dev.pgstate.reconcilers.apply;
