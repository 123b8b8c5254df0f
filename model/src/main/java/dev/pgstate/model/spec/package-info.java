/** The desired state as the user wrote it: immutable records bound from one YAML document. */
package dev.pgstate.model.spec;
