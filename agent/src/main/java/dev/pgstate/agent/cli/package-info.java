/** The {@code agent} command line: one small picocli command per verb, exit codes, and error reporting. */
package dev.pgstate.agent.cli;
