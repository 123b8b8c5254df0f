package dev.pgstate.reconcilers.secret;

import dev.pgstate.reconcilers.core.failure.EngineException;
import java.util.List;

/**
 * A secret the spec points at cannot be used: missing, empty, or readable by others. Every such problem is listed,
 * one per line, naming where the secret was looked for and never what it holds.
 */
public final class SecretException extends EngineException {

    private final List<String> problems;

    public SecretException(List<String> problems) {
        // missing or open to others: the box's problem, not the spec's
        super(Kind.RUNTIME, String.join("\n", problems), null);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
