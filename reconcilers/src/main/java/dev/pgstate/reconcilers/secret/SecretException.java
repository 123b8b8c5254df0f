package dev.pgstate.reconcilers.secret;

import java.util.List;

/**
 * A secret the spec points at cannot be used: missing, empty, or readable by others. Every such problem is listed,
 * one per line, naming where the secret was looked for and never what it holds.
 */
public final class SecretException extends RuntimeException {

    private final List<String> problems;

    public SecretException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
