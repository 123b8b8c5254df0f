package dev.pgstate.reconcilers.lint;

import java.util.List;

/** One concern over a {@link Subject}; it adds a finding for every place that breaks one of its rules. */
interface Check {

    void check(Subject subject, List<Finding> out);

    /** False for a check whose rules are all warnings or infos, which plan (showing errors only) can skip. */
    default boolean findsErrors() {
        return true;
    }
}
