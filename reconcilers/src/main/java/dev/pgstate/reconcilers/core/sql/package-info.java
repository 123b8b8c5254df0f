/** SQL text built only through pgjdbc's quoting, and server errors described by SQLSTATE. */
package dev.pgstate.reconcilers.core.sql;
