/** Throwaway real PostgreSQL clusters (11–18, from the zonky binaries jars) for integration tests and the demo. */
package dev.pgstate.testkit;
