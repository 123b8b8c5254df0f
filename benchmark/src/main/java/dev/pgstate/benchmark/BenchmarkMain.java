package dev.pgstate.benchmark;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/benchmark [--sizes 100,1000,10000] [--postgres 18] [--out FILE] [--compare]}: runs every measurement, for
 * every size and both {@link Variant}s, against a throwaway real PostgreSQL, prints the tables (with {@code --compare}
 * only the ratios of the agent's figures to the floors) and writes the figures as JSON.
 * {@code bin/benchmark push [--boxes 50] [--parallel 10] [--canary none]} measures {@code agent push} instead
 * ({@link FleetPushBenchmark}); {@code bin/benchmark daemon [--sizes 1000,10000]} the idle daemon alone
 * ({@link IdleDaemonBenchmark}), {@code bin/benchmark plan [--sizes 1000,10000]} the converged CLI plan alone
 * ({@link CliPlanBenchmark}), {@code bin/benchmark apply [--sizes 1000,10000]} the apply from empty alone
 * ({@link ApplyBenchmark}).
 */
public final class BenchmarkMain {

    private static final String COMPARE = "--compare";
    private static final String USAGE = """
            usage: bin/benchmark [daemon | plan | apply] [--sizes 100,1000,10000] [--postgres 18] [--out FILE]
                                 [--agent-jar FILE] [--launcher FILE] [--compare]
                   bin/benchmark push [--boxes 50] [--parallel 10] [--canary none]""";
    private static final Set<String> MEASURE_OPTIONS = Set.of("--sizes", "--postgres", "--out", "--agent-jar",
            "--launcher");
    private static final Set<String> PUSH_OPTIONS = Set.of("--boxes", "--parallel", "--canary");

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        try {
            run(args);
        } catch (UsageError e) {
            // a mistyped option would otherwise run every default size: the better part of an hour
            System.err.println("bin/benchmark: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
        }
    }

    private static void run(String[] args) throws Exception {
        // one INFO line per change would be ten thousand lines of noise around the figures
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.pgstate")).setLevel(Level.WARN);
        if (args.length > 0 && args[0].equals("push")) {
            Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length), PUSH_OPTIONS);
            Path dir = Files.createTempDirectory("pgstate-push-bench");
            try {
                FleetPushBenchmark.run(count(options, "--boxes", "50"), count(options, "--parallel", "10"),
                        withoutCanary(options), dir);
            } finally {
                deleteRecursively(dir);
            }
            return;
        }
        // one measurement alone: "daemon" (the idle daemon) or "plan" (the CLI's) on a server converged in-process,
        // "apply" from an empty cluster beside its floor
        String only = args.length > 0 && List.of("daemon", "plan", "apply").contains(args[0]) ? args[0] : null;
        if (only != null) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        boolean compare = Arrays.asList(args).contains(COMPARE);
        Map<String, String> options = options(Arrays.stream(args).filter(arg -> !arg.equals(COMPARE))
                .toArray(String[]::new), MEASURE_OPTIONS);
        List<Integer> sizes = new ArrayList<>();
        for (String size : options.getOrDefault("--sizes", "100,1000,10000").split(",", -1)) {
            sizes.add(count("--sizes", size.strip()));
        }
        int major = count(options, "--postgres", "18");
        Path out = Path.of(options.getOrDefault("--out", "daemon".equals(only) ? "benchmark/target/idle-daemon.json"
                : "plan".equals(only) ? "benchmark/target/cli-plan.json"
                : "apply".equals(only) ? "benchmark/target/apply.json" : "benchmark/target/benchmark.json"));
        Path agentJar = Path.of(options.getOrDefault("--agent-jar", "agent/target/pgstate-agent.jar"));
        Path launcher = Path.of(options.getOrDefault("--launcher", "packaging/src/deb/pgstate"));
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException(agentJar + " is missing: build it with ./mvnw -DskipTests package");
        }
        Path workDir = Files.createTempDirectory("pgstate-bench");
        try (PgCluster cluster = PgCluster.start(major)) {
            BenchmarkServer server = BenchmarkServer.withSsl(cluster, launcher, agentJar);
            if ("daemon".equals(only)) {
                List<IdleDaemonBenchmark.Row> rows = new IdleDaemonBenchmark(server, workDir).run(sizes);
                System.out.print(IdleDaemonBenchmark.table(rows));
                writeJson(rows, out);
                return;
            }
            if ("plan".equals(only)) {
                List<CliPlanBenchmark.Row> rows = new CliPlanBenchmark(server, workDir).run(sizes);
                System.out.print(CliPlanBenchmark.table(rows));
                writeJson(rows, out);
                return;
            }
            if ("apply".equals(only)) {
                List<ApplyBenchmark.Row> rows = new ApplyBenchmark(server, workDir).run(sizes);
                System.out.print(ApplyBenchmark.table(rows));
                writeJson(rows, out);
                return;
            }
            List<SizeResult> results = new ArrayList<>();
            for (int size : sizes) {
                for (Variant variant : Variant.values()) {
                    System.err.println("measuring " + size + " login roles, " + variant.label() + "…");
                    results.add(new SizeRun(server, workDir, size, variant).run());
                }
            }
            System.err.println("measuring the idle daemon on the Identity Box example…");
            server.reset();
            AgentProcess agent = server.agent(workDir);
            DaemonFootprint.Result identityBox = new DaemonFootprint(agent, workDir)
                    .measure(Path.of("config-examples", "identity-box.yaml"), server.connectionFlags());
            Report report = new Report(machine(), "PostgreSQL " + cluster.fullVersion(),
                    System.getProperty("java.version"), launcher.toString(), agent.launcherOptions(), results, identityBox);
            System.out.print(compare ? report.compare() : report.table());
            Files.createDirectories(out.toAbsolutePath().getParent());
            report.writeJson(out);
            System.out.println("\nJSON: " + out);
        } finally {
            deleteRecursively(workDir); // it holds the secret files
        }
    }

    private static void writeJson(Object rows, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), rows);
        System.out.println("\nJSON: " + file);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Each option of {@code known} given at most once, with a value. */
    private static Map<String, String> options(String[] args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i])) {
                throw new UsageError("unknown option or mode " + args[i]);
            }
            if (i + 1 == args.length) {
                throw new UsageError(args[i] + " needs a value");
            }
            if (options.put(args[i], args[i + 1]) != null) {
                throw new UsageError(args[i] + " is given twice");
            }
        }
        return options;
    }

    private static boolean withoutCanary(Map<String, String> options) {
        String canary = options.get("--canary");
        if (canary != null && !canary.equals("none")) {
            throw new UsageError("--canary takes only none (push without a canary box), not \"" + canary + "\"");
        }
        return canary != null;
    }

    private static int count(Map<String, String> options, String option, String otherwise) {
        return count(option, options.getOrDefault(option, otherwise));
    }

    private static int count(String option, String value) {
        try {
            int count = Integer.parseInt(value);
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // the same message as for zero
        }
        throw new UsageError(option + " takes whole numbers above 0, not \"" + value + "\"");
    }

    /** A command line the benchmark cannot run: said with the usage, exit 64. */
    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        long memoryGiB = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024).orElse(0L);
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memoryGiB + " GiB";
    }
}
