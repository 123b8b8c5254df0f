/** Reading one YAML spec document into records, with every problem reported as file:line:column: field. */
package dev.pgstate.model.load;
