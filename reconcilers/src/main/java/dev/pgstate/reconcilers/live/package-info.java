/** What the server has now, read with one catalog query per kind of object. */
package dev.pgstate.reconcilers.live;
