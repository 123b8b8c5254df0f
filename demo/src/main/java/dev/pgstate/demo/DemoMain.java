package dev.pgstate.demo;

import dev.pgstate.agent.cli.Main;

/** The agent's own command line plus the {@code demo} verb; everything else behaves exactly as {@code agent}. */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) {
        Main.executeAndExit(Main.commandLine(System.getenv(), new DemoCommand()), args);
    }
}
