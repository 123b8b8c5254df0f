package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.reconcilers.core.failure.EngineException;
import java.util.List;

/**
 * The spec cannot be planned against this server, e.g. it names an owner that exists neither in the spec
 * nor on the server. Every problem found is listed, one per line.
 */
public class PlanningException extends EngineException {

    private final List<String> problems;

    public PlanningException(List<String> problems) {
        super(Kind.INVALID_SPEC, String.join("\n", problems), null);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
