/** Reading the server itself (version, locales, interfaces) and the catalog-query helper every kind reads with. */
package dev.pgstate.reconcilers.core.live;
