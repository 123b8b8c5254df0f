package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaClient.Replication;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.kind.hba.HbaReader;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.SelfSignedCertificate;
import dev.pgstate.reconcilers.kind.role.RoleState;
import dev.pgstate.reconcilers.kind.membership.MembershipState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.newsclub.net.unix.AFUNIXSocketFactory;
import org.postgresql.PGProperty;

/**
 * The explain engine against the server itself. Generated pg_hba.conf files (every connection type, database and
 * user keyword quoted and not, groups, {@code @file}, regexes and includes on 16+, CIDR and address/mask,
 * samehost/samenet, host names resolving to 127.0.0.1) are loaded one after another with a reload, and generated
 * connection attempts (socket, 127.0.0.1, 127.0.0.2 and ::1 when the box has them, with and without SSL; ordinary,
 * physical and logical replication; existing roles with and without memberships and missing ones) are really made.
 *
 * <p>Every rule's method is {@code reject} or a password method, and every attempt sends a wrong password, so
 * the server tells what it decided without letting anyone in: a password failure logs "Connection matched …
 * line N" (the line and so the method), {@code reject} and no match have their own messages. The engine must
 * give the same line, reject or no match on every attempt. Host-name rules go only into files whose attempts
 * come from 127.0.0.1 or the socket, so every lookup the server makes is answered by /etc/hosts.
 */
class HbaMatchDifferentialIT {

    private static final int FILES = 50;
    private static final int ATTEMPTS_PER_FILE = 45;
    private static final String WRONG_PASSWORD = "not-the-password";
    private static final Pattern MATCHED = Pattern.compile("Connection matched (?:pg_hba\\.conf|file \"([^\"]+)\") line (\\d+):");

    @AcrossPgVersions
    void explainAnswersAsTheServerForThousandsOfRealAttempts(PgCluster cluster) throws Exception {
        int major = cluster.majorVersion();
        cluster.execute("CREATE ROLE g1; CREATE ROLE g2 IN ROLE g1; CREATE ROLE u1 LOGIN IN ROLE g1;"
                + " CREATE ROLE u2 LOGIN IN ROLE g2; CREATE ROLE u3 LOGIN; CREATE ROLE \"U1\" LOGIN");
        boolean ipv6 = listenWithSslAndOnIpv6(cluster);
        writeHelperFiles(cluster);
        try (Connection admin = cluster.connect("postgres")) {
            LiveState live = new LiveStateReader().read(admin);
            LiveHba hba = new HbaReader().read(admin);
            assertThat(hba.grammar().sslEnabled()).as("ssl = on").isTrue();
            Explainer explainer = Explainer.of(hba,
                    RoleGraph.of(RoleState.liveIn(live.kinds()), MembershipState.liveIn(live.kinds())),
                    HostNames.system());
            boolean otherLoopback = connectsFrom(cluster, "127.0.0.2");
            Generator generator = new Generator(new Random(20_261_205L + major), major, ipv6, otherLoopback);
            List<String> differences = new ArrayList<>();
            int attempts = 0;
            int refusedFiles = 0;
            int withSsl = 0;
            int[] outcomes = new int[3];
            for (int n = 0; n < FILES; n++) {
                Generator.File file = generator.file(n);
                writeFiles(cluster, file);
                Explanation loaded = explainer.explain(cluster.hbaFile(), file.main(), HbaClient.socket("u1", "db1"));
                if (file.broken()) {
                    assertThat(loaded.refused()).as("file %d with a fatal line:%n%s", n, file.main()).isTrue();
                    assertThat(serverErrors(admin)).as("the server refuses file %d too", n).isPositive();
                    refusedFiles++;
                    continue;
                }
                assertThat(loaded.fatal()).as("file %d:%n%s", n, file.main()).isEmpty();
                reload(cluster, admin, file.sentinel());
                HbaTree tree = explainer.load(cluster.hbaFile(), file.main());
                for (int i = 0; i < ATTEMPTS_PER_FILE; i++) {
                    Attempt attempt = generator.attempt(file.hostNames());
                    String server = serverDecision(cluster, attempt, major);
                    String agent = agentDecision(explainer.explain(tree, attempt.client()), major);
                    if (!server.equals(agent)) {
                        differences.add(String.format("file %d, %s: server %s, explain %s", n, attempt, server, agent));
                    }
                    outcomes[server.startsWith("line") ? 0 : server.equals("reject") ? 1 : 2]++;
                    attempts++;
                    withSsl += attempt.ssl() ? 1 : 0;
                }
                if (!differences.isEmpty()) {
                    differences.add("in file " + n + ":\n" + file.main() + "sub.conf:\n" + file.sub());
                    break;
                }
            }
            assertThat(differences).as("PostgreSQL %d", major).isEmpty();
            assertThat(attempts).isGreaterThanOrEqualTo(2000);
            // the generator must reach every kind of answer plenty of times
            for (int count : outcomes) {
                assertThat(count).as("attempts per kind of answer").isGreaterThan(attempts / 40);
            }
            System.out.printf("PostgreSQL %d: %d attempts (%d with SSL) from %s (%d matched a password line, %d reject, %d no entry),"
                    + " %d refused files: explain and the server agree%n", major, attempts, withSsl, generator.sourcesWithoutNames,
                    outcomes[0], outcomes[1], outcomes[2], refusedFiles);
        }
    }

    /** One connection attempt: who, to what, from where, and what kind. */
    record Attempt(String from, boolean ssl, String user, String database, Replication replication) {
        HbaClient client() {
            HbaClient client = from.equals("socket") ? HbaClient.socket(user, database)
                    : HbaClient.tcp(from, ssl, user, database);
            return client.withReplication(replication);
        }

        @Override
        public String toString() {
            return from + (ssl ? " with SSL" : "") + " user=" + user + " database=" + database + " replication=" + replication;
        }
    }

    /** {@code line FILE:N}, {@code reject} or {@code none}: what the server logged for one real attempt. */
    private static String serverDecision(PgCluster cluster, Attempt attempt, int major) throws IOException {
        long logStart = Files.size(cluster.logFile());
        String clientError;
        try (Connection connection = connect(cluster, attempt)) {
            return "connected";
        } catch (SQLException e) {
            clientError = String.valueOf(e.getMessage());
        }
        String log = readFrom(cluster.logFile(), logStart);
        Matcher matched = MATCHED.matcher(log);
        if (matched.find()) {
            String file = matched.group(1) == null ? cluster.hbaFile().getFileName().toString()
                    : Path.of(matched.group(1)).getFileName().toString();
            return "line " + file + ":" + matched.group(2);
        }
        if (log.contains("pg_hba.conf rejects")) {
            return "reject";
        }
        if (log.contains("no pg_hba.conf entry")) {
            return "none";
        }
        return "unexpected: " + clientError + " / " + log;
    }

    private static String agentDecision(Explanation explanation, int major) {
        Verdict verdict = explanation.verdict().orElseThrow();
        if (!verdict.decided()) {
            return "undecided at " + verdict.undecided().orElseThrow().line().where();
        }
        return verdict.match().map(line -> HbaMatcher.ruleOf(line).method().equals("reject") ? "reject"
                : "line " + line.file().getFileName() + ":" + line.line().number()).orElse("none");
    }

    private static Connection connect(PgCluster cluster, Attempt attempt) throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, attempt.user());
        PGProperty.PASSWORD.set(props, WRONG_PASSWORD);
        PGProperty.CONNECT_TIMEOUT.set(props, 5);
        PGProperty.LOGIN_TIMEOUT.set(props, 5);
        PGProperty.SSL_MODE.set(props, attempt.ssl() ? "require" : "disable");
        PGProperty.GSS_ENC_MODE.set(props, "disable");
        if (attempt.replication() != Replication.NONE) {
            PGProperty.REPLICATION.set(props, attempt.replication() == Replication.PHYSICAL ? "true" : "database");
            PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
            PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        }
        String host;
        switch (attempt.from()) {
            case "socket" -> {
                PGProperty.SOCKET_FACTORY.set(props, AFUNIXSocketFactory.FactoryArg.class.getName());
                PGProperty.SOCKET_FACTORY_ARG.set(props, cluster.socketDir().resolve(".s.PGSQL." + cluster.port()).toString());
                host = "localhost";
            }
            case "::1" -> host = "[::1]";
            default -> {
                PGProperty.LOCAL_SOCKET_ADDRESS.set(props, attempt.from());
                host = "127.0.0.1";
            }
        }
        String database = attempt.database().isEmpty() ? "postgres" : attempt.database();
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + cluster.port() + "/"
                + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"), props);
    }

    private static String readFrom(Path file, long offset) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(offset);
            byte[] bytes = new byte[(int) (in.length() - offset)];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Reloads and waits until new connections see the file: its sentinel rule rejects the sentinel user. */
    private static void reload(PgCluster cluster, Connection admin, String sentinel) throws Exception {
        try (Statement st = admin.createStatement()) {
            st.execute("SELECT pg_reload_conf()");
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        Attempt probe = new Attempt("127.0.0.1", false, sentinel, "postgres", Replication.NONE);
        while (!serverDecision(cluster, probe, cluster.majorVersion()).equals("reject")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not load the new pg_hba.conf within 60 s");
            }
            Thread.sleep(20);
        }
    }

    private static int serverErrors(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_hba_file_rules WHERE type IS NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Turns SSL on and listens on ::1 too when the box has it (one restart; the testkit restores the settings
     * after the test). Returns whether ::1 is there.
     */
    private static boolean listenWithSslAndOnIpv6(PgCluster cluster) throws Exception {
        SelfSignedCertificate.install(cluster);
        cluster.execute("ALTER SYSTEM SET ssl = on");
        boolean ipv6;
        try (var socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress("::1", 0));
            ipv6 = true;
        } catch (IOException e) {
            ipv6 = false;
        }
        if (ipv6) {
            cluster.execute("ALTER SYSTEM SET listen_addresses = '127.0.0.1,::1'");
        }
        cluster.restart();
        return ipv6;
    }

    /** Whether pgjdbc can connect from another loopback address (samehost is false for it, samenet true). */
    private static boolean connectsFrom(PgCluster cluster, String address) {
        try (Connection c = connect(cluster, new Attempt(address, false, "postgres", "postgres", Replication.NONE))) {
            return true;
        } catch (SQLException e) {
            return !String.valueOf(e.getMessage()).contains("Cannot assign") && e.getSQLState() != null
                    && !e.getSQLState().startsWith("08");
        }
    }

    /** The @files, beside pg_hba.conf and in hba.d (each relative to its referrer; conf.d holds settings tests' files). */
    private static void writeHelperFiles(PgCluster cluster) throws IOException {
        Path hbaD = cluster.dataDir().resolve("hba.d");
        Files.createDirectories(hbaD);
        cluster.serverUser().own(hbaD);
        for (Path dir : List.of(cluster.dataDir(), hbaD)) {
            write(cluster, dir.resolve("users.list"), "u2, +g2\n\"U1\"\n");
            write(cluster, dir.resolve("dbs.list"), "db2\nsamerole  # a keyword, unquoted\n");
        }
    }

    private static void writeFiles(PgCluster cluster, Generator.File file) throws IOException {
        write(cluster, cluster.dataDir().resolve("sub.conf"), file.sub());
        write(cluster, cluster.dataDir().resolve("hba.d/10-rules.conf"), file.dir());
        write(cluster, cluster.hbaFile(), file.main());
    }

    private static void write(PgCluster cluster, Path file, String text) throws IOException {
        Files.writeString(file, text);
        cluster.serverUser().own(file);
    }

    /** Random pg_hba.conf files for one major version and random attempts against them. */
    private static final class Generator {
        private final Random random;
        private final int major;
        private final List<String> sources = new ArrayList<>(List.of("socket", "127.0.0.1"));
        private final List<String> sourcesWithoutNames = new ArrayList<>(List.of("socket", "127.0.0.1"));

        /** The main file, what it includes (16+), whether it holds a fatal line or host names, its sentinel user. */
        record File(String main, String sub, String dir, boolean broken, boolean hostNames, String sentinel) {
        }

        Generator(Random random, int major, boolean ipv6, boolean otherLoopback) {
            this.random = random;
            this.major = major;
            if (ipv6) {
                sourcesWithoutNames.add("::1");
            }
            if (otherLoopback) {
                sourcesWithoutNames.add("127.0.0.2");
            }
        }

        File file(int n) {
            boolean hostNames = random.nextInt(5) < 2;
            boolean broken = n % 10 == 9;
            String sentinel = "sentinel" + n;
            StringBuilder main = new StringBuilder("host all " + sentinel + " 127.0.0.1/32 reject\n");
            int lines = 8 + random.nextInt(14);
            for (int i = 0; i < lines; i++) {
                if (major >= 16 && random.nextInt(12) == 0) {
                    main.append(pick("include sub.conf", "include_if_exists missing.conf", "include_dir hba.d",
                            "include_if_exists sub.conf")).append('\n');
                } else if (random.nextInt(10) == 0) {
                    main.append(pick("# a comment", "", "   # indented comment")).append('\n');
                } else {
                    main.append(rule(hostNames)).append('\n');
                }
            }
            if (random.nextBoolean()) {
                main.append(pick("host all all all md5", "local all all password", "host all all 127.0.0.0/8 scram-sha-256"))
                        .append('\n');
            }
            if (broken) {
                main.append(pick("host all all 127.0.0.1/33 md5", "host all all 127.0.0.1/32 peer",
                        "local all all 127.0.0.1/32 md5", "host all @missing.list 127.0.0.1/32 md5",
                        "host all all 127.0.0.1/32 md5 clientcert=verify-ca", "host all all 127.0.0.1 md5")).append('\n');
            }
            return new File(main.toString(), rule(hostNames) + "\n" + rule(hostNames) + "\n", rule(hostNames) + "\n",
                    broken, hostNames, sentinel);
        }

        private String rule(boolean hostNames) {
            String type = pick(major >= 12
                    ? new String[] {"local", "local", "host", "host", "host", "hostssl", "hostnossl", "hostnossl", "hostgssenc", "hostnogssenc"}
                    : new String[] {"local", "local", "host", "host", "host", "hostssl", "hostnossl", "hostnossl"});
            StringBuilder line = new StringBuilder(type).append(' ').append(list(this::database)).append(' ')
                    .append(list(this::user)).append(' ');
            if (!type.equals("local")) {
                line.append(address(hostNames)).append(' ');
            }
            return line.append(pick("reject", "md5", "password", "scram-sha-256")).toString();
        }

        private String list(java.util.function.Supplier<String> token) {
            return random.nextInt(4) == 0 ? token.get() + "," + token.get() : token.get();
        }

        private String database() {
            List<String> tokens = new ArrayList<>(List.of("all", "all", "sameuser", "samerole", "samegroup", "replication",
                    "\"all\"", "\"sameuser\"", "\"samerole\"", "\"replication\"", "db1", "db1", "Db1", "postgres", "u1",
                    "g1", "@dbs.list", "\"@dbs.list\""));
            if (major >= 16) {
                tokens.addAll(List.of("/^db", "\"/^db[0-9]$\"", "/^(u|g)[12]$", "/same"));
            }
            return pick(tokens.toArray(String[]::new));
        }

        private String user() {
            List<String> tokens = new ArrayList<>(List.of("all", "all", "u1", "u2", "u3", "U1", "g1", "+g1", "+g2",
                    "\"+g1\"", "\"all\"", "@users.list", "ghost", "+u3", "+ghost"));
            if (major >= 16) {
                tokens.addAll(List.of("/^u[12]$", "\"/^u\"", "/1$"));
            }
            return pick(tokens.toArray(String[]::new));
        }

        private String address(boolean hostNames) {
            List<String> addresses = new ArrayList<>(List.of("127.0.0.1/32", "127.0.0.0/8", "127.0.0.2/32",
                    "10.0.0.0/8", "::1/128", "::/0", "0.0.0.0/0", "127.0.0.1 255.255.255.255", "127.0.0.0 255.0.0.0",
                    "all", "samehost", "samenet"));
            if (hostNames) {
                addresses.addAll(List.of("localhost", "LOCALHOST", ".example.com", "nothere.invalid", "localhost"));
            }
            return pick(addresses.toArray(String[]::new));
        }

        Attempt attempt(boolean hostNames) {
            String from = pickFrom(hostNames ? sources : sourcesWithoutNames);
            String user = pick("u1", "u1", "u2", "u3", "U1", "g1", "ghost", "g2");
            int kind = random.nextInt(20);
            Replication replication = kind < 2 ? Replication.PHYSICAL : kind < 3 ? Replication.DATABASE : Replication.NONE;
            String database = replication == Replication.PHYSICAL ? ""
                    : random.nextInt(6) == 0 ? user
                    : pick("postgres", "db1", "db2", "Db1", "g1", "g2", "u1", "sameuser", "samerole", "samegroup", "all",
                    "replication", "dbx");
            return new Attempt(from, !from.equals("socket") && random.nextInt(4) == 0, user, database, replication);
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        private String pickFrom(List<String> options) {
            return options.get(random.nextInt(options.size()));
        }
    }
}
