/** The settings roles and databases give their sessions (ALTER ROLE/DATABASE … SET), compared as server parameters are. */
package dev.pgstate.reconcilers.kind.objectsetting;
