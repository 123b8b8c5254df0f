package dev.pgstate.agent.cli;

/** "1 role", "2 roles": counts in words for result lines. */
final class Counts {

    private Counts() {
    }

    static String of(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
