/** Reading the server itself (version, interfaces) and the catalog-query helper every kind reads with. */
package dev.pgstate.reconcilers.core.live;
