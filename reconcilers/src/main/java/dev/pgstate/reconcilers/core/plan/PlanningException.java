package dev.pgstate.reconcilers.core.plan;

import java.util.List;

/**
 * The spec cannot be planned against this server, e.g. it names an owner that exists neither in the spec
 * nor on the server. Every problem found is listed, one per line.
 */
public final class PlanningException extends RuntimeException {

    private final List<String> problems;

    public PlanningException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
