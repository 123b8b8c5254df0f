package dev.pgstate.reconcilers.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Shadowed-rule detection against the server itself: for generated pg_hba.conf rule lists on PostgreSQL 16, every
 * rule the analysis calls shadowed is never the line a real connection matches, and the connection the analysis
 * names for each reachable rule matches exactly that line. Which line matched is read from the server log: every
 * rule uses method password and every attempt a wrong password, so the server logs "Connection matched file ...
 * line N" for each.
 */
class ShadowedRulesIT {

    private static final int LISTS = Integer.getInteger("pgstate.shadow.lists", 8);
    private static final int RULES_PER_LIST = 7;
    private static final HbaGrammar PG16_SSL_OFF = new HbaGrammar(16, Set.of(), false);
    private static final List<String> TYPES = List.of("local", "host", "host", "hostnossl", "hostssl");
    private static final List<String> NAMES_DB = List.of("all", "all", "db1", "db2", "db1,db2");
    private static final List<String> NAMES_USER = List.of("all", "all", "u1", "u2", "u1,u2");
    private static final List<String> ADDRESSES = List.of("127.0.0.1/32", "127.0.0.2/32", "127.0.0.0/30",
            "127.0.0.4/31", "127.0.0.0/24", "127.0.0.0/8", "127.0.0.128/25");
    /** Clients beyond the analysis's own representatives: every user, database and source in the vocabulary. */
    private static final List<String> SOURCES = List.of("local", "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.5",
            "127.0.0.200", "127.0.1.9");
    private static final Pattern MATCHED = Pattern.compile("Connection matched file \"[^\"]*\" line (\\d+)");

    @Test
    @PgVersion(16)
    void shadowedRulesAreNeverMatchedAndReachableOnesAreMatchedByTheirWitness(PgCluster pg) throws Exception {
        Random random = new Random(17);
        String original = Files.readString(pg.hbaFile());
        int shadowedSeen = 0;
        int reachableSeen = 0;
        try (Connection admin = pg.connect("postgres")) {
            for (int list = 0; list < LISTS; list++) {
                List<String> lines = generate(random);
                List<HbaRule> rules = parse(lines);
                install(pg, admin, lines);
                List<ShadowedRules.Reach> reaches = ShadowedRules.analyse(rules, PG16_SSL_OFF);
                Set<Integer> shadowed = reaches.stream().filter(ShadowedRules.Reach::shadowed)
                        .map(r -> r.index() + 1).collect(Collectors.toSet());
                String file = String.join("", lines);
                for (ShadowedRules.Reach reach : reaches) {
                    if (!reach.shadowed()) {
                        HbaClient witness = reach.witness().orElseThrow();
                        assertThat(matchedLine(pg, witness)).as("%s in\n%s", witness.describe(), file)
                                .contains(reach.index() + 1);
                        reachableSeen++;
                    }
                }
                for (HbaClient client : grid()) {
                    Optional<Integer> line = matchedLine(pg, client);
                    assertThat(line.filter(shadowed::contains)).as("%s in\n%s (shadowed: %s)", client.describe(),
                            file, shadowed).isEmpty();
                }
                shadowedSeen += shadowed.size();
            }
        } finally {
            Files.writeString(pg.hbaFile(), original);
            pg.restart();
        }
        assertThat(shadowedSeen).as("shadowed rules over %d lists", LISTS).isGreaterThan(0);
        assertThat(reachableSeen).as("reachable rules over %d lists", LISTS).isGreaterThan(0);
    }

    private static List<String> generate(Random random) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RULES_PER_LIST; i++) {
            String type = pick(random, TYPES);
            String address = type.equals("local") ? "" : " " + pick(random, ADDRESSES);
            lines.add(type + " " + pick(random, NAMES_DB) + " " + pick(random, NAMES_USER) + address + " password\n");
        }
        return lines;
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static List<HbaRule> parse(List<String> lines) {
        return new HbaFileParser(PG16_SSL_OFF, ConfFiles.disk()).parse(Path.of("pg_hba.conf"), String.join("", lines))
                .lines().stream().map(line -> line.entry() instanceof HbaRule rule ? rule
                        : ((dev.pgstate.reconcilers.conf.HbaEntry.Invalid) line.entry()).rule())
                .toList();
    }

    private static List<HbaClient> grid() {
        List<HbaClient> clients = new ArrayList<>();
        for (String user : List.of("u1", "u2", "u3")) {
            for (String database : List.of("db1", "db2", "db3")) {
                for (String source : SOURCES) {
                    clients.add(source.equals("local") ? HbaClient.socket(user, database)
                            : HbaClient.tcp(source, false, user, database));
                }
            }
        }
        return clients;
    }

    /** Writes the rules and reloads through a session that outlives the reload, waiting until it took effect. */
    private static void install(PgCluster pg, Connection admin, List<String> lines) throws Exception {
        Files.writeString(pg.hbaFile(), String.join("", lines));
        try (Statement statement = admin.createStatement()) {
            Instant before = loadTime(statement);
            statement.execute("SELECT pg_reload_conf()");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!loadTime(statement).isAfter(before)) {
                assertThat(Instant.now()).as("the reload took effect").isBefore(deadline);
                Thread.sleep(20);
            }
        }
    }

    private static Instant loadTime(Statement statement) throws SQLException {
        try (var rows = statement.executeQuery("SELECT pg_conf_load_time()")) {
            rows.next();
            return rows.getTimestamp(1).toInstant();
        }
    }

    /** The pg_hba.conf line the server matched for {@code client}, or empty when none did. */
    private static Optional<Integer> matchedLine(PgCluster pg, HbaClient client) throws IOException {
        long logSize = Files.size(pg.logFile());
        Properties props = new Properties();
        props.setProperty("user", client.user());
        props.setProperty("password", "not-the-password");
        props.setProperty("sslmode", "disable");
        props.setProperty("gssEncMode", "disable");
        props.setProperty("connectTimeout", "10");
        String url;
        if (client.local()) {
            url = "jdbc:postgresql://localhost/" + client.database();
            props.setProperty("socketFactory", "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg");
            props.setProperty("socketFactoryArg", pg.socketDir().resolve(".s.PGSQL." + pg.port()).toString());
        } else {
            url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + client.database();
            props.setProperty("localSocketAddress", client.address());
        }
        try (Connection unexpected = DriverManager.getConnection(url, props)) {
            throw new AssertionError("a wrong password was accepted: " + client.describe());
        } catch (SQLException refused) {
            String log = appendedSince(pg.logFile(), logSize);
            Matcher matched = MATCHED.matcher(log);
            if (matched.find()) {
                return Optional.of(Integer.parseInt(matched.group(1)));
            }
            assertThat(log).as("the server's reason for %s", client.describe()).contains("no pg_hba.conf entry");
            return Optional.empty();
        }
    }

    private static String appendedSince(Path log, long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) (file.length() - offset)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
