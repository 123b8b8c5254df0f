/** Lint and audit findings as text for people, JSON for tools, and SARIF 2.1.0 for CI systems and editors. */
package dev.pgstate.reconcilers.lint.render;
