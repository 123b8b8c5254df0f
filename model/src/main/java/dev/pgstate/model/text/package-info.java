/** Text shown to people: values from specs and servers made safe to print on one line. */
package dev.pgstate.model.text;
