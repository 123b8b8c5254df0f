package dev.pgstate.testkit;

/**
 * How many generated cases the exhaustive tests try: a meaningful count on every major in the default run (CI,
 * every push), the full count with the {@code deep} profile ({@code ./mvnw verify -Pdeep}, which sets
 * {@value #PROPERTY}), e.g. nightly. The same assertions hold either way; only the number of cases differs.
 */
public enum TestDepth {
    DEFAULT,
    DEEP;

    /** System property the {@code deep} profile sets to {@code true}. */
    public static final String PROPERTY = "pgstate.deep";

    /** The depth of this run. */
    public static TestDepth current() {
        return Boolean.getBoolean(PROPERTY) ? DEEP : DEFAULT;
    }

    /** {@code byDefault} in the default run, {@code deep} with the {@code deep} profile. */
    public int count(int byDefault, int deep) {
        return this == DEEP ? deep : byDefault;
    }
}
