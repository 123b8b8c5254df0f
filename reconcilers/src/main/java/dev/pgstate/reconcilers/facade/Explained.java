package dev.pgstate.reconcilers.facade;

/** An explanation rendered for people, with what it comes to. */
public record Explained(String text, Outcome outcome) {

    /** Whether the connection goes on to authenticate. */
    public enum Outcome {
        /** A rule lets it go on to authenticate. */
        ALLOWED,
        /** No rule matches, or the first that does is reject. */
        REFUSED,
        /** A host-name rule it reaches could not be decided. */
        UNDECIDED,
        /** The server would refuse the file itself. */
        FILE_REFUSED
    }
}
