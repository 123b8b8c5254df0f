/** pg_hba.conf read and written the way each PostgreSQL major version (11–18) reads it, keeping every byte of lines the agent does not own. */
package dev.pgstate.reconcilers.conf;
