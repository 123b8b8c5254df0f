package dev.pgstate.reconcilers.conf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's parser against the server's own: thousands of generated lines per version are written to the
 * cluster's pg_hba.conf in batches, and for every line the agent's reading (error or not, fatal or warning, and
 * type, databases, users, address, netmask, method, options) must equal what {@code pg_hba_file_rules} reports.
 * The view reads the file on disk, so nothing is reloaded; the testkit restores the file before the next test.
 */
class HbaDifferentialIT {

    private static final int BATCHES = 10;
    private static final int LINES_PER_BATCH = 200;

    /** What one file line means, in terms the server's view can show. */
    record Reading(boolean fatal, boolean warning, HbaViewRow row) {
        static Reading fatalError() {
            return new Reading(true, false, null);
        }
    }

    @AcrossPgVersions
    void agentReadsEveryLineAsTheServerDoes(PgCluster cluster) throws Exception {
        writeHelperFiles(cluster);
        HbaFileParser parser = new HbaFileParser(grammarOf(cluster), ConfFiles.disk());
        HbaLineGenerator generator = new HbaLineGenerator(20_240_611L + cluster.majorVersion(), cluster.majorVersion());
        int lines = 0;
        int fatal = 0;
        int warnings = 0;
        for (int batch = 0; batch < BATCHES; batch++) {
            String text = generator.file(LINES_PER_BATCH);
            Files.writeString(cluster.hbaFile(), text);
            Map<String, Reading> server = serverReading(cluster);
            Map<String, Reading> agent = agentReading(parser, cluster.hbaFile(), text, cluster.majorVersion());
            for (String where : union(server.keySet(), agent.keySet())) {
                assertThat(agent.get(where)).as("PostgreSQL %d, %s, line text:%n%s", cluster.majorVersion(), where,
                        lineText(text, where, cluster.hbaFile())).isEqualTo(server.get(where));
            }
            lines += LINES_PER_BATCH;
            fatal += (int) server.values().stream().filter(Reading::fatal).count();
            warnings += (int) server.values().stream().filter(Reading::warning).count();
        }
        // The generator must exercise both sides: plenty of errors and plenty of good rules.
        assertThat(fatal).as("fatal lines").isGreaterThan(lines / 10);
        assertThat(lines - fatal).as("loadable lines").isGreaterThan(lines / 4);
        System.out.printf("PostgreSQL %d: %d lines, %d fatal, %d warnings: agent and server agree%n",
                cluster.majorVersion(), lines, fatal, warnings);
    }

    @AcrossPgVersions
    void sampleAndInitdbFilesRoundTripByteForByte(PgCluster cluster) throws IOException {
        HbaFileParser parser = new HbaFileParser(grammarOf(cluster), ConfFiles.disk());
        // The sample still has initdb's @placeholders@, which read as @file references: it must survive anyway.
        Path sample = cluster.binaries().home().resolve("share/postgresql/pg_hba.conf.sample");
        String sampleText = Files.readString(sample);
        String initdbText = Files.readString(cluster.hbaFile());

        assertThat(parser.parse(sample, sampleText).text()).isEqualTo(sampleText);
        HbaFile initdb = parser.parse(cluster.hbaFile(), initdbText);
        assertThat(initdb.text()).isEqualTo(initdbText);
        assertThat(initdb.invalidLines()).isEmpty();
        assertThat(initdb.lines()).filteredOn(l -> l.entry() instanceof HbaRule).hasSizeGreaterThanOrEqualTo(3);
    }

    /** The build's missing methods and the SSL setting, probed the way the agent would: by asking the view. */
    static HbaGrammar grammarOf(PgCluster cluster) throws IOException {
        HbaGrammar full = HbaGrammar.of(cluster.majorVersion());
        Set<String> unsupported = new HashSet<>();
        StringBuilder probe = new StringBuilder();
        for (String method : full.methods()) {
            // oauth also needs an issuer before the server gets to checking its validator libraries.
            probe.append("host all all 127.0.0.1/32 ").append(method)
                    .append(method.equals("oauth") ? " issuer=https://issuer.example scope=openid\n" : "\n");
        }
        String original = Files.readString(cluster.hbaFile());
        Files.writeString(cluster.hbaFile(), probe);
        try {
            for (String row : cluster.psql("SELECT line_number, error FROM pg_hba_file_rules WHERE type IS NULL").split("\n")) {
                if (row.contains("not supported by this build") || row.contains("oauth_validator_libraries")) {
                    unsupported.add(full.methods().get(Integer.parseInt(row.substring(0, row.indexOf('|'))) - 1));
                }
            }
        } finally {
            Files.writeString(cluster.hbaFile(), original);
        }
        return new HbaGrammar(cluster.majorVersion(), unsupported, cluster.psql("SHOW ssl").equals("on"));
    }

    private static void writeHelperFiles(PgCluster cluster) throws IOException {
        Path dir = cluster.dataDir();
        write(cluster, dir.resolve("names.list"), "alice, \"Bob Smith\"\n+staff  # comment\n");
        write(cluster, dir.resolve("empty.list"), "# nothing\n");
        write(cluster, dir.resolve("sub.conf"), "host all alice 10.9.0.0/16 md5\nlocal all bob peer map=m\nbogus line\n");
        Files.createDirectories(dir.resolve("conf.d"));
        cluster.serverUser().own(dir.resolve("conf.d"));
        write(cluster, dir.resolve("conf.d/20-b.conf"), "hostnossl db2 all ::1/128 trust\n");
        write(cluster, dir.resolve("conf.d/10-a.conf"), "host db1 all samenet scram-sha-256\n");
        write(cluster, dir.resolve("conf.d/.hidden.conf"), "host nope all all trust\n");
        write(cluster, dir.resolve("conf.d/skipped.txt"), "host nope all all trust\n");
    }

    private static void write(PgCluster cluster, Path file, String text) throws IOException {
        Files.writeString(file, text);
        cluster.serverUser().own(file);
    }

    private static Map<String, Reading> agentReading(HbaFileParser parser, Path hba, String text, int major) {
        Map<String, Reading> readings = new LinkedHashMap<>();
        HbaTree tree = HbaTree.load(parser, parser.parse(hba, text));
        for (HbaTree.Located located : tree.lines()) {
            HbaEntry entry = located.entry();
            String where = where(major, located.file().toString(), located.line().number());
            if (entry instanceof HbaRule rule) {
                readings.put(where, new Reading(false, false, HbaViewRow.of(rule, major)));
            } else if (entry instanceof HbaEntry.Invalid invalid) {
                readings.put(where, invalid.fatal() ? Reading.fatalError()
                        : new Reading(false, true, HbaViewRow.of(invalid.rule(), major)));
            }
        }
        return readings;
    }

    private static Map<String, Reading> serverReading(PgCluster cluster) throws SQLException {
        int major = cluster.majorVersion();
        String file = major >= 16 ? "file_name" : "NULL::text AS file_name";
        Map<String, Reading> readings = new LinkedHashMap<>();
        try (Connection c = cluster.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + file + ", line_number, type, database, user_name, address,"
                     + " netmask, auth_method, options, error FROM pg_hba_file_rules ORDER BY 1, 2")) {
            while (rs.next()) {
                String fileName = rs.getString("file_name");
                String where = where(major, fileName == null ? cluster.hbaFile().toString() : fileName, rs.getInt("line_number"));
                if (rs.getString("type") == null) {
                    readings.put(where, Reading.fatalError());
                    continue;
                }
                HbaViewRow row = new HbaViewRow(rs.getString("type"), strings(rs.getArray("database")),
                        strings(rs.getArray("user_name")), rs.getString("address"), rs.getString("netmask"),
                        rs.getString("auth_method"), strings(rs.getArray("options")));
                readings.put(where, new Reading(false, rs.getString("error") != null, row));
            }
        }
        return readings;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String where(int major, String file, int line) {
        return Path.of(file).getFileName() + ":" + line;
    }

    private static List<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    /** The physical lines starting at the reported one, for a readable failure. */
    private static String lineText(String text, String where, Path hba) {
        if (!where.startsWith(hba.getFileName() + ":")) {
            return "(in an included file)";
        }
        int line = Integer.parseInt(where.substring(where.indexOf(':') + 1));
        String[] lines = text.split("\n", -1);
        return String.join("\n", Arrays.copyOfRange(lines, line - 1, Math.min(lines.length, line + 2)));
    }
}
