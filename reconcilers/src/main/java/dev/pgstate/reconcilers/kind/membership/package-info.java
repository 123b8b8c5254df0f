/** Role memberships as a managed object: their reader, planner, grant options and statements. */
package dev.pgstate.reconcilers.kind.membership;
