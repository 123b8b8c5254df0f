package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.onServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pgstate.testkit.PgCluster;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import picocli.CommandLine;

/**
 * Generated specs, hostile ones (random structure and keys, control characters, quotes, unicode, long values, deep
 * nesting, aliases, broken YAML) and plain ones that validate, through {@code validate} and, every valid one, {@code
 * plan} against one real PostgreSQL 16, in-process through the command line with captured output. Every run ends
 * with exit 0, 2 or 65 and a message, never a stack trace, and the server is the same afterwards (roles, databases,
 * settings, pg_hba.conf). Secret references and connection sections are not generated: a missing secret or an
 * unreachable server is exit 1 by design. {@code jqwik.tries.default} sets the count: 2,000 in the default run,
 * 10,000 with the {@code deep} profile, 100,000 for a nightly run.
 *
 * <p>The runs share one command line and one server session ({@link KeptSession}), as a long-lived caller would:
 * building picocli's model is most of a validate's time and starting a backend most of a small plan's, and neither
 * is what is fuzzed here. Every other CLI test builds both anew for each run.
 */
class SpecFuzzIT {

    private static final Pattern JAVA_TRACE = Pattern.compile("\\tat |\\b(java|dev|com|org)\\.[\\w.$]+(Exception|Error)\\b");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final AtomicInteger VALID = new AtomicInteger();
    private static final AtomicInteger PLANNED = new AtomicInteger();
    private static final Map<Integer, AtomicInteger> PLAN_EXITS = new java.util.concurrent.ConcurrentHashMap<>();
    private static PgCluster pg;
    private static KeptSession session;
    private static CommandLine cli;
    private static Path dir;
    private static String before;
    private static long started;

    @BeforeContainer
    static void startServer() throws IOException {
        pg = PgCluster.start(16);
        session = new KeptSession();
        cli = Main.commandLine(Map.of(), session);
        dir = Files.createTempDirectory("pgstate-spec-fuzz");
        before = fingerprint();
        started = System.nanoTime();
    }

    @AfterContainer
    static void theServerIsUnchanged() throws IOException {
        try {
            System.err.printf("SpecFuzzIT: %d specs, %d valid, %d planned (exits %s) in %d s, %d s of this JVM's CPU%n",
                    RUNS.get(), VALID.get(), PLANNED.get(), PLAN_EXITS, (System.nanoTime() - started) / 1_000_000_000L,
                    ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime() / 1_000_000_000L);
            assertThat(fingerprint()).as("roles, databases, settings and pg_hba.conf after the fuzz").isEqualTo(before);
            assertThat(PLANNED.get()).as("specs planned: every valid one").isEqualTo(VALID.get());
            assertThat(PLANNED.get()).as("specs planned, of %d", RUNS.get()).isGreaterThan(RUNS.get() / 3);
            assertThat(PLAN_EXITS.keySet()).as("plan exit codes seen").contains(0, 2, 65);
        } finally {
            try {
                session.close();
            } catch (SQLException e) {
                System.err.println("SpecFuzzIT: closing the kept session: " + e.getMessage());
            }
            pg.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Property
    void everySpecEndsWithACodeAndAMessageAndChangesNothing(@ForAll("specs") String yaml) throws IOException {
        RUNS.incrementAndGet();
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, yaml);

        AgentRun validate = AgentRun.run(cli, "validate", "--spec", spec.toString());
        assertEndsCleanly(validate, Set.of(0, 65), yaml);
        if (validate.exitCode() == 0) {
            VALID.incrementAndGet();
            AgentRun plan = AgentRun.run(cli, onServer(pg, "plan", "--spec", spec.toString()));
            assertEndsCleanly(plan, Set.of(0, 2, 65), yaml);
            PLANNED.incrementAndGet();
            PLAN_EXITS.computeIfAbsent(plan.exitCode(), code -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static void assertEndsCleanly(AgentRun run, Set<Integer> codes, String yaml) {
        String all = run.out() + run.err();
        assertThat(run.exitCode()).as("exit code; %s; for:%n%s", all, yaml).isIn(codes);
        assertThat(all).as("a message").isNotBlank();
        assertThat(JAVA_TRACE.matcher(all).find()).as("a stack trace or Java type in:%n%s", all).isFalse();
        if (run.exitCode() == 65) {
            assertThat(run.err()).startsWith("error: ");
        }
    }

    @Provide
    Arbitrary<String> specs() {
        return Arbitraries.frequencyOf(
                Tuple.of(1000, structured().map(SpecFuzzIT::yaml)),
                Tuple.of(500, randomStructure(0).map(SpecFuzzIT::yaml)),
                Tuple.of(500, rawText()),
                Tuple.of(2000, clean().map(SpecFuzzIT::yaml)),
                // rare: a value just past the 256 KiB limit, or just under it, costs a parse of that size
                Tuple.of(1, Arbitraries.of(262_145, 200_000).map(n -> "roles:\n  - name: \"" + "v".repeat(n) + "\"\n")));
    }

    /** The spec's own shape with hostile values in it. */
    private static Arbitrary<Map<String, Object>> structured() {
        Arbitrary<Map<String, Object>> role = Arbitraries.maps(Arbitraries.of("name", "login", "superuser", "createdb",
                "connection_limit", "member_of", "valid_until", "state", "reassign_owned_to", "inherit"), value())
                .ofMinSize(1).ofMaxSize(6).map(map -> withName(map, "name"));
        Arbitrary<Map<String, Object>> database = Arbitraries.maps(Arbitraries.of("name", "owner", "encoding", "locale",
                "lc_collate", "lc_ctype", "template", "connection_limit", "allow_connections", "state"), value())
                .ofMinSize(1).ofMaxSize(5).map(map -> withName(map, "name"));
        Arbitrary<Map<String, Object>> rule = Arbitraries.maps(Arbitraries.of("type", "databases", "users", "address",
                "method", "options", "comment"), value()).ofMinSize(2).ofMaxSize(7);
        Arbitrary<Map<String, Object>> settings = Arbitraries.maps(Arbitraries.of("work_mem", "application_name",
                "log_line_prefix", "statement_timeout", "shared_buffers", "Work_Mem", "no.such", "x y", "search_path"),
                value()).ofMinSize(1).ofMaxSize(3);
        return Arbitraries.lazyOf(() -> Arbitraries.maps(Arbitraries.of("roles", "databases", "hba", "server"),
                Arbitraries.of(0, 1, 2, 3)).ofMinSize(1).flatMap(sections -> {
                    List<Arbitrary<Object>> parts = new ArrayList<>();
                    sections.keySet().forEach(section -> parts.add(switch (section) {
                        case "roles" -> role.list().ofMinSize(1).ofMaxSize(4).map(Object.class::cast);
                        case "databases" -> database.list().ofMinSize(1).ofMaxSize(3).map(Object.class::cast);
                        case "hba" -> rule.list().ofMinSize(1).ofMaxSize(3).map(rules -> (Object) Map.of("rules", rules));
                        default -> settings.map(s -> (Object) Map.of("settings", s));
                    }));
                    List<String> keys = List.copyOf(sections.keySet());
                    return Combinators.combine(parts).as(values -> {
                        Map<String, Object> spec = new LinkedHashMap<>();
                        for (int i = 0; i < keys.size(); i++) {
                            spec.put(keys.get(i), values.get(i));
                        }
                        return spec;
                    });
                }));
    }

    /** Keys and values of any shape, spec words and junk alike, nested up to 12 levels. */
    private static Arbitrary<Object> randomStructure(int depth) {
        Arbitrary<String> keys = Arbitraries.of("roles", "databases", "hba", "server", "tls", "name", "login", "rules",
                "settings", "member_of", "role", "admin", "type", "method", "options", "comment", "x", "", "Name",
                "connection_limit", "state", "\u0000", "a b");
        if (depth >= 12) {
            return value();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(3, value()),
                Tuple.of(2, Arbitraries.maps(keys, Arbitraries.lazy(() -> randomStructure(depth + 1))).ofMinSize(1).ofMaxSize(4)
                        .map(Object.class::cast)),
                Tuple.of(1, Arbitraries.lazy(() -> randomStructure(depth + 1)).list().ofMinSize(1).ofMaxSize(3).map(Object.class::cast)));
    }

    /** Text that is not what a YAML writer makes: deep nesting, aliases, tabs, a spec cut or garbled. */
    private static Arbitrary<String> rawText() {
        Arbitrary<Integer> depth = Arbitraries.integers().between(1, 3_000);
        return Arbitraries.oneOf(
                depth.map(d -> "roles:\n  - name: a\n    member_of: " + "[".repeat(d) + "]".repeat(d) + "\n"),
                depth.map(d -> "roles:\n" + "  - ".repeat(Math.min(d, 300)) + "x\n"),
                Arbitraries.of("roles: &r\n  - name: a\ndatabases: *r\n", "roles:\n  - *a\n", "\troles:\n",
                        "roles:\n  - name: a\n  - name: a\n", "---\nroles: []\n---\nroles: []\n", "", "~\n", "[]\n",
                        "roles: [{name: \"\\u0000\"}]\n", "roles:\n  - name: \"z\\n\\nNo changes.\"\n",
                        "server:\n  settings:\n    work_mem: !!binary aGVsbG8=\n", "roles: !!set {a, b}\n"),
                Arbitraries.strings().withChars("roles:-name\n []{}\"'&*!|>#%@`,\t").ofMaxLength(60));
    }

    /**
     * Plain specs that mostly validate, so that plan meets the server in thousands of shapes: roles with their
     * attributes and memberships among themselves, databases with owners and locales, settings of every context
     * (restart ones too), pg_hba rules of every type. Now and then a value the server refuses (a locale it lacks, a
     * setting it does not know, a member of a role no one declared), which plan must refuse with exit 65.
     */
    private static Arbitrary<Map<String, Object>> clean() {
        Arbitrary<String> name = Arbitraries.of("f_a", "f_b", "f_app", "f_ops", "f_ro", "f_x1");
        Arbitrary<Map<String, Object>> role = Combinators.combine(name, Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.integers().between(-1, 5), Arbitraries.of(
                        "infinity", "2031-01-31", "2031-01-31 12:00:00+02", "", "2020-01-01"),
                name.list().ofMaxSize(2), Arbitraries.of("present", "present", "present", "absent"),
                Arbitraries.integers().between(0, 31)).as((n, login, createdb, limit, until, memberOf, state, mask) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", n);
                    entry.put("login", login);
                    putIf(entry, mask, 1, "createdb", createdb);
                    putIf(entry, mask, 2, "connection_limit", limit);
                    putIf(entry, mask, 4, "valid_until", until);
                    putIf(entry, mask, 8, "member_of", memberOf.stream().distinct().filter(m -> !m.equals(n)).toList());
                    putIf(entry, mask, 16, "state", state);
                    return entry;
                });
        Arbitrary<Map<String, Object>> database = Combinators.combine(Arbitraries.of("f_db", "f_app_db", "f_x"),
                Arbitraries.of("f_app", "f_a", "postgres", "f_nobody"), Arbitraries.of("C", "POSIX", "no_SUCH.locale"),
                Arbitraries.of("template0", "template1"), Arbitraries.integers().between(-1, 10),
                Arbitraries.integers().between(0, 15)).as((n, owner, locale, template, limit, mask) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", n);
                    putIf(entry, mask, 1, "owner", owner);
                    putIf(entry, mask, 2, "locale", locale);
                    putIf(entry, mask, 4, "template", template);
                    putIf(entry, mask, 8, "connection_limit", limit);
                    return entry;
                });
        Arbitrary<Map<String, String>> settings = Arbitraries.maps(Arbitraries.of("work_mem", "application_name",
                "statement_timeout", "log_connections", "shared_buffers", "max_connections", "search_path",
                "log_min_duration_statement", "no_such_parameter", "maintenance_work_mem"), Arbitraries.of("8MB",
                "4096", "5s", "on", "off", "fuzz", "-1", "100", "32MB", "lots", "\"$user\", public")).ofMinSize(1)
                .ofMaxSize(4);
        Arbitrary<Map<String, Object>> rule = Combinators.combine(
                Arbitraries.of("local", "host", "hostssl", "hostnossl"),
                Arbitraries.of(List.of("all"), List.of("postgres"), List.of("f_db", "f_x"), List.of("replication")),
                Arbitraries.of(List.of("all"), List.of("f_app"), List.of("+f_ops"), List.of("f_a", "f_b")),
                Arbitraries.of("10.9.0.0/16", "127.0.0.1/32", "::1/128", "samehost", "samenet", "0.0.0.0/0"),
                Arbitraries.of("scram-sha-256", "md5", "reject", "trust", "peer", "cert", "password"),
                Arbitraries.of("a comment", "x\\", "# END pgstate managed block", "", "über"))
                .as((type, databases, users, address, method, comment) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("type", type);
                    entry.put("databases", databases);
                    entry.put("users", users);
                    if (!type.equals("local")) {
                        entry.put("address", address);
                    }
                    entry.put("method", method);
                    if (!comment.isEmpty()) {
                        entry.put("comment", comment);
                    }
                    return entry;
                });
        return Combinators.combine(role.list().ofMaxSize(4), database.list().ofMaxSize(2), settings,
                rule.list().ofMinSize(1).ofMaxSize(3), Arbitraries.integers().between(0, 7))
                .as((roles, databases, setting, rules, mask) -> {
                    Map<String, Object> spec = new LinkedHashMap<>();
                    spec.put("roles", distinctBy(roles, "name"));
                    putIf(spec, mask, 1, "databases", distinctBy(databases, "name"));
                    putIf(spec, mask, 2, "server", Map.of("settings", setting));
                    putIf(spec, mask, 4, "hba", Map.of("rules", rules));
                    return spec;
                });
    }

    private static void putIf(Map<String, Object> entry, int mask, int bit, String key, Object value) {
        if ((mask & bit) != 0) {
            entry.put(key, value);
        }
    }

    /** The first entry of each name: two entries of one name are a validation error the hostile parts cover. */
    private static List<Map<String, Object>> distinctBy(List<Map<String, Object>> entries, String key) {
        Map<Object, Map<String, Object>> byName = new LinkedHashMap<>();
        entries.forEach(entry -> byName.putIfAbsent(entry.get(key), entry));
        return List.copyOf(byName.values());
    }

    /** Scalars of every kind; strings mostly hostile, now and then very long. */
    private static Arbitrary<Object> value() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, text().map(Object.class::cast)),
                Tuple.of(2, Arbitraries.integers().map(Object.class::cast)),
                Tuple.of(2, Arbitraries.of(true, false).map(Object.class::cast)),
                Tuple.of(1, text().list().ofMaxSize(3).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(25, Arbitraries.strings().withChars("abcXYZ_09 .-").ofMinLength(1).ofMaxLength(10)),
                Tuple.of(45, Arbitraries.strings()
                        .withChars("a\"'\\#,:-*&!%@[]{}|>\n\r\t\u0000\u0007\u001b\u0085\u2028é中€ ").ofMaxLength(16)),
                Tuple.of(30, Arbitraries.of("all", "public", "none", "pg_monitor", "postgres", "C", "no_SUCH.locale", "",
                        "~", "yes", "on", "null", "0x10", "-1", "present", "absent", "local", "host", "trust",
                        "10.0.0.0/8", "SCRAM-SHA-256$4096:xx", "😀", "\u202Eevil", "infinity",
                        "z\n\nNo changes. The server matches the spec.", "x".repeat(64), "é".repeat(40))));
    }

    private static Map<String, Object> withName(Map<String, Object> entry, String key) {
        Map<String, Object> named = new LinkedHashMap<>(entry);
        named.putIfAbsent(key, "n" + Integer.toHexString(entry.hashCode()));
        return named;
    }

    private static String yaml(Object tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Roles, databases, parameters as the server holds them and its configuration files, byte for byte. */
    private static String fingerprint() throws IOException {
        return pg.psql("SELECT string_agg(r::text, ',' ORDER BY rolname) FROM (SELECT rolname, rolsuper, rolcreatedb, "
                + "rolcreaterole, rolinherit, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil "
                + "FROM pg_roles) r")
                + pg.psql("SELECT string_agg(d::text, ',' ORDER BY datname) FROM (SELECT datname, datdba, encoding, "
                + "datcollate, datctype, datconnlimit, datallowconn, datistemplate FROM pg_database) d")
                + pg.psql("SELECT string_agg(f::text, ',' ORDER BY seqno) FROM pg_file_settings f")
                + pg.psql("SELECT count(*) FROM pg_db_role_setting")
                + Files.readString(pg.hbaFile())
                + Files.readString(pg.dataDir().resolve("postgresql.auto.conf"))
                + Files.readString(pg.configFile());
    }
}
