/** Measures plan and apply against a real PostgreSQL at growing spec sizes and prints the figures. */
package dev.pgstate.benchmark;
