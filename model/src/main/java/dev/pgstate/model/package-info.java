/** The desired state of a PostgreSQL server: its records, how it is loaded and how it is validated. */
package dev.pgstate.model;
