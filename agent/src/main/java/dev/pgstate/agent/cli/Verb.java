package dev.pgstate.agent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every verb of {@link AgentCommand} has, written once: the {@link CommonOptions}, the top command (its
 * environment and engine) and the verb's own command line, whose streams it prints through so tests can capture
 * them. picocli finds these annotated fields on the superclass as on the verb itself.
 */
abstract class Verb implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @ParentCommand
    AgentCommand agent;

    @Spec
    CommandSpec command;

    /** Where results go: the command line's standard output. */
    final PrintWriter stdout() {
        return command.commandLine().getOut();
    }

    /** Where diagnostics go: the command line's standard error. */
    final PrintWriter stderr() {
        return command.commandLine().getErr();
    }
}
