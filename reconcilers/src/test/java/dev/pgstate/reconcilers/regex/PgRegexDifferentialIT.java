package dev.pgstate.reconcilers.regex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * PgRegex against the server's own regex engine: thousands of generated patterns, each tried on several generated
 * names, on every major that has regular expressions in pg_hba.conf (16+). The server compiles each pattern
 * (its error, if any, must be the agent's, word for word) and answers {@code name ~ pattern COLLATE "C"}, the
 * flags and collation pg_hba.conf uses; every answer must be the agent's. Patterns the agent refuses by design
 * (a construct it does not evaluate) are counted and printed with the server's verdict on them. Then every class and escape is
 * checked against every character up to U+024F and a few beyond.
 *
 * <p>{@code -Dpgstate.regex.patterns=N} changes the number of patterns (default 10,000).
 */
class PgRegexDifferentialIT {

    private static final int PATTERNS = Integer.getInteger("pgstate.regex.patterns", 10_000);
    private static final int NAMES_PER_PATTERN = 6;
    private static final int BATCH = 500;

    @AcrossPgVersions(since = 16)
    void agentMatchesAsTheServerDoes(PgCluster cluster) throws SQLException {
        RegexGenerator generator = new RegexGenerator(20_261_205L + cluster.majorVersion());
        List<String> differences = new ArrayList<>();
        Map<String, String> refusedByDesign = new TreeMap<>();
        int pairs = 0;
        int matches = 0;
        int serverRejects = 0;
        try (Connection c = cluster.connect("postgres")) {
            createCompileCheck(c);
            for (int done = 0; done < PATTERNS; done += BATCH) {
                List<String> patterns = IntStream.range(0, BATCH).mapToObj(i -> generator.pattern()).toList();
                Map<String, Optional<String>> serverErrors = serverErrors(c, patterns);
                List<String> subjects = new ArrayList<>();
                List<String> tried = new ArrayList<>();
                Map<Integer, PgRegex> agent = new LinkedHashMap<>();
                for (String pattern : patterns) {
                    Optional<String> serverError = serverErrors.get(pattern);
                    PgRegex compiled = null;
                    try {
                        compiled = PgRegex.compile(pattern);
                    } catch (PgRegexException e) {
                        if (!e.refusedByServer()) {
                            refusedByDesign.put(pattern, e.reason() + serverError.map(s -> "; the server: " + s)
                                    .orElse("; the server accepts it"));
                        } else if (!serverError.equals(Optional.of(e.reason()))) {
                            differences.add("pattern " + quote(pattern) + ": server says \""
                                    + serverError.orElse("(accepted)") + "\", agent says \"" + e.reason() + "\"");
                        }
                    }
                    if (serverError.isPresent()) {
                        serverRejects++;
                        if (compiled != null) {
                            differences.add("pattern " + quote(pattern) + ": server says \"" + serverError.get()
                                    + "\", agent accepts it");
                        }
                        continue;
                    }
                    if (compiled == null) {
                        continue;
                    }
                    for (int n = 0; n < NAMES_PER_PATTERN; n++) {
                        agent.put(subjects.size(), compiled);
                        subjects.add(generator.name(pattern));
                        tried.add(pattern);
                    }
                }
                List<Boolean> server = serverMatches(c, subjects, tried);
                for (int i = 0; i < subjects.size(); i++) {
                    boolean mine = agent.get(i).find(subjects.get(i));
                    if (mine != server.get(i)) {
                        differences.add(quote(subjects.get(i)) + " ~ " + quote(tried.get(i)) + ": server " + server.get(i)
                                + ", agent " + mine);
                    }
                    matches += server.get(i) ? 1 : 0;
                }
                pairs += subjects.size();
            }
        }
        refusedByDesign.forEach((p, why) -> System.out.printf("  refused by design: %s (%s)%n", quote(p), why));
        System.out.printf("PostgreSQL %d: %d patterns (%d rejected by the server, %d refused by design),"
                        + " %d (name, pattern) pairs, %d matches, %d differences%n", cluster.majorVersion(), PATTERNS,
                serverRejects, refusedByDesign.size(), pairs, matches, differences.size());
        assertThat(differences).as("differences on PostgreSQL %d", cluster.majorVersion()).isEmpty();
        // The generator must exercise both sides: errors, matches and misses.
        assertThat(serverRejects).isGreaterThan(PATTERNS / 20);
        assertThat(matches).isGreaterThan(pairs / 10).isLessThan(pairs * 9 / 10);
        assertThat(refusedByDesign.size()).isLessThan(PATTERNS / 10);
    }

    @AcrossPgVersions(since = 16)
    void everyClassAndEscapeHoldsTheServersCharacters(PgCluster cluster) throws SQLException {
        List<String> patterns = new ArrayList<>();
        for (CharClass cls : CharClass.values()) {
            patterns.add("^[[:" + cls.name().toLowerCase() + ":]]$");
            patterns.add("(?i)^[[:" + cls.name().toLowerCase() + ":]]$");
        }
        patterns.addAll(List.of("^\\d$", "^\\D$", "^\\w$", "^\\W$", "^\\s$", "^\\S$", "^.$", "(?n)^.$", "^[^a]$",
                "(?n)^[^a]$", "(?i)^a$", "(?i)^[a-c]$", "(?i)^[Z-a]$", "\\m.", ".\\M", "\\y", "\\Y", "(?i)^\u00e9$",
                "^[[=e=]]$", "(?i)^[^[:lower:]]$"));
        List<String> subjects = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        for (String pattern : patterns) {
            IntStream.concat(IntStream.rangeClosed(1, 0x24f), IntStream.of(0x2028, 0x3000, 0xff10, 0x1d538))
                    .forEach(c -> {
                        subjects.add(Character.toString(c));
                        tried.add(pattern);
                    });
        }
        List<String> differences = new ArrayList<>();
        try (Connection c = cluster.connect("postgres")) {
            List<Boolean> server = serverMatches(c, subjects, tried);
            for (int i = 0; i < subjects.size(); i++) {
                boolean mine = compile(tried.get(i)).find(subjects.get(i));
                if (mine != server.get(i)) {
                    differences.add("U+" + Integer.toHexString(subjects.get(i).codePointAt(0)) + " ~ "
                            + quote(tried.get(i)) + ": server " + server.get(i) + ", agent " + mine);
                }
            }
        }
        System.out.printf("PostgreSQL %d: %d patterns x %d characters, %d differences%n", cluster.majorVersion(),
                patterns.size(), subjects.size() / patterns.size(), differences.size());
        assertThat(differences).isEmpty();
    }

    /** The hand-written answers and errors of {@link PgRegexTest} are the server's own. */
    @AcrossPgVersions(since = 16)
    void theUnitTestsExpectWhatTheServerAnswers(PgCluster cluster) throws SQLException {
        List<Object[]> answers = PgRegexTest.answers().map(a -> a.get()).toList();
        List<Object[]> errors = PgRegexTest.serverErrors().map(a -> a.get()).toList();
        try (Connection c = cluster.connect("postgres")) {
            createCompileCheck(c);
            List<Boolean> server = serverMatches(c, answers.stream().map(a -> (String) a[1]).toList(),
                    answers.stream().map(a -> (String) a[0]).toList());
            for (int i = 0; i < answers.size(); i++) {
                assertThat(server.get(i)).as("%s ~ %s", quote((String) answers.get(i)[1]), quote((String) answers.get(i)[0]))
                        .isEqualTo(answers.get(i)[2]);
            }
            Map<String, Optional<String>> serverErrors = serverErrors(c, errors.stream().map(e -> (String) e[0]).toList());
            for (Object[] error : errors) {
                assertThat(serverErrors.get((String) error[0])).as(quote((String) error[0])).contains((String) error[1]);
            }
        }
    }

    private static PgRegex compile(String pattern) {
        try {
            return PgRegex.compile(pattern);
        } catch (PgRegexException e) {
            throw new AssertionError(pattern + ": " + e.reason(), e);
        }
    }

    /** A function that compiles a pattern as {@code ~} does and returns the server's reason when it fails. */
    private static void createCompileCheck(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("""
                    CREATE FUNCTION pg_temp.regex_error(p text) RETURNS text LANGUAGE plpgsql AS $$
                    BEGIN
                        PERFORM '' ~ p COLLATE "C";
                        RETURN NULL;
                    EXCEPTION WHEN invalid_regular_expression THEN
                        RETURN regexp_replace(SQLERRM, '^invalid regular expression: ', '');
                    END $$""");
        }
    }

    /** One round trip: the server's compile error for each pattern, if any. */
    private static Map<String, Optional<String>> serverErrors(Connection c, List<String> patterns) throws SQLException {
        Map<String, Optional<String>> errors = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT p, pg_temp.regex_error(p) FROM unnest(?::text[]) AS t(p)")) {
            Array array = c.createArrayOf("text", patterns.toArray());
            st.setArray(1, array);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    errors.put(rs.getString(1), Optional.ofNullable(rs.getString(2)));
                }
            }
        }
        return errors;
    }

    /** One round trip: {@code subject ~ pattern} under the C collation, pairwise, in order. */
    private static List<Boolean> serverMatches(Connection c, List<String> subjects, List<String> patterns)
            throws SQLException {
        List<Boolean> answers = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT s ~ p COLLATE \"C\" FROM unnest(?::text[], ?::text[])"
                + " WITH ORDINALITY AS t(s, p, i) ORDER BY i")) {
            st.setArray(1, c.createArrayOf("text", subjects.toArray()));
            st.setArray(2, c.createArrayOf("text", patterns.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    answers.add(rs.getBoolean(1));
                }
            }
        }
        return answers;
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\"", "\\\"") + '"';
    }
}
