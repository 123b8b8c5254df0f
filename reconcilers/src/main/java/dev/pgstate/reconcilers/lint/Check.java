package dev.pgstate.reconcilers.lint;

import java.util.List;

/** One concern over a {@link Subject}; it adds a finding for every place that breaks one of its rules. */
interface Check {

    void check(Subject subject, List<Finding> out);
}
