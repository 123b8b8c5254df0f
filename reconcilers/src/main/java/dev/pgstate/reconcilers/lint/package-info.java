/** The security rules over a spec and over a live server: the setup guides' advice as checks with stable ids. */
package dev.pgstate.reconcilers.lint;
