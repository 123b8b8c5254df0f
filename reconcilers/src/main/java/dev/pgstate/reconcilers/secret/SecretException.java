package dev.pgstate.reconcilers.secret;

import dev.pgstate.reconcilers.core.failure.EngineException;
import java.util.List;

/**
 * A secret the spec points at cannot be used: missing, empty, or readable by others. Every such problem is kept
 * ({@link #problems}), and the message lists them one per line, naming where the secret was looked for and never
 * what it holds, up to {@value #LISTED}: a secrets directory opened to others makes every file in it a problem, and
 * the daemon logs the message each cycle (ten thousand files made a line of two megabytes a second).
 */
public final class SecretException extends EngineException {

    /** How many problems the message lists before it counts the rest. */
    static final int LISTED = 20;

    private final List<String> problems;

    public SecretException(List<String> problems) {
        // missing or open to others: the box's problem, not the spec's
        super(Kind.RUNTIME, message(problems), null);
        this.problems = List.copyOf(problems);
    }

    private static String message(List<String> problems) {
        if (problems.size() <= LISTED) {
            return String.join("\n", problems);
        }
        return String.join("\n", problems.subList(0, LISTED)) + "\n(and " + (problems.size() - LISTED)
                + " more secrets that cannot be used)";
    }

    public List<String> problems() {
        return problems;
    }
}
