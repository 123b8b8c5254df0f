/**
 * Throwaway real PostgreSQL clusters (11–18, from the zonky binaries jars) for integration tests and the demo, and
 * in-process SSH servers standing in for a fleet's boxes.
 */
package dev.pgstate.testkit;
