/** PostgreSQL's own regular expressions (Spencer's ARE, as pg_hba.conf compiles them), evaluated exactly or refused. */
package dev.pgstate.reconcilers.regex;
