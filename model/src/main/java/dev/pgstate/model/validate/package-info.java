/** The rules a loaded spec must satisfy, one small rule per concern, all problems collected. */
package dev.pgstate.model.validate;
