package dev.pgstate.model.load;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The spec is invalid; the CLI maps this to exit code 65. The message is every problem, one per
 * line, in the order they appear in the file, so it can be shown to the user as it is.
 */
public final class SpecException extends RuntimeException {

    private static final Comparator<SpecProblem> IN_FILE_ORDER =
            Comparator.comparing(SpecProblem::file).thenComparingInt(SpecProblem::line)
                    .thenComparingInt(SpecProblem::column);

    private final transient List<SpecProblem> problems;
    private final transient Partial partial;

    /**
     * What binding could make of a spec with problems: the values that did not fit left out (their paths in
     * {@code leftOut}), so that validation can still find the problems of the rest.
     */
    public record Partial(LoadedSpec loaded, List<String> leftOut) {
        public Partial {
            leftOut = List.copyOf(leftOut);
        }
    }

    public SpecException(List<SpecProblem> problems) {
        this(problems, null);
    }

    /** @param partial the spec as far as it could be bound, or null when binding could not get that far */
    public SpecException(List<SpecProblem> problems, Partial partial) {
        super(sorted(problems).stream().map(SpecProblem::format).collect(Collectors.joining("\n")));
        this.problems = sorted(problems);
        this.partial = partial;
    }

    public static SpecException of(SpecProblem problem) {
        return new SpecException(List.of(problem));
    }

    public Optional<Partial> partial() {
        return Optional.ofNullable(partial);
    }

    /** At least one, in file order. */
    public List<SpecProblem> problems() {
        return problems;
    }

    private static List<SpecProblem> sorted(List<SpecProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one problem");
        }
        // A stable sort: problems at the same place keep the order the rules found them in.
        return problems.stream().sorted(IN_FILE_ORDER).toList();
    }
}
