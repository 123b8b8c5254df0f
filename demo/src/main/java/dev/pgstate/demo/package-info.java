/** {@code agent demo}: the real agent commands walked through against a throwaway PostgreSQL 18. */
package dev.pgstate.demo;
