package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.MustKeepSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.LockoutPolicy;
import dev.pgstate.reconcilers.core.apply.ServerReload;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * pg_hba.conf end to end on real servers: plan, apply (write, validate, reload, confirm, reconnect), plan empty;
 * a file the server rejects is never loaded; a crash before the rename leaves the old file; lockouts are refused.
 */
class HbaApplyIT {

    /** What the testkit's own connections need: the agent connects over TCP from 127.0.0.1 as postgres. */
    private static final List<HbaRuleSpec> KEEP_TESTS_WORKING = List.of(
            rule("local", "all", "trust", null),
            rule("host", "all", "trust", "127.0.0.1/32"));

    @AcrossPgVersions
    void planApplyThenPlanIsEmptyAndTheFileKeepsItsOwner(PgCluster cluster) throws Exception {
        UserPrincipal owner = Files.getOwner(cluster.hbaFile());
        Spec spec = spec(HbaSpec.MANAGED_BLOCK, "top", List.of(rule("host", "app", "md5", "10.0.0.0/8"),
                KEEP_TESTS_WORKING.get(0), KEEP_TESTS_WORKING.get(1)));
        Converger converger = converger(cluster);

        Plan plan = converger.plan(spec);
        assertThat(plan.changes()).singleElement().isInstanceOfSatisfying(RewriteHbaFile.class, change -> {
            assertThat(change.effect().label()).isEqualTo("reload");
            assertThat(change.attributes()).extracting(a -> a.name() + " " + a.before() + " -> " + a.after())
                    .startsWith("host all app 10.0.0.0/8 md5 null -> line 2");
        });
        ConvergeResult result = converger.apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(cluster.psql("SELECT count(*) FROM pg_hba_file_rules WHERE address = '10.0.0.0'")).isEqualTo("1");
        assertThat(Files.getOwner(cluster.hbaFile())).isEqualTo(owner);
        assertThat(converger.plan(spec).hasChanges()).isFalse();
        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    @AcrossPgVersions
    void theShippedSampleKeepsEveryLineUnderAManagedBlock(PgCluster cluster) throws Exception {
        // The sample's @placeholders@ filled in as initdb does, so that the server accepts it.
        String sample = Files.readString(cluster.binaries().home().resolve("share/postgresql/pg_hba.conf.sample"))
                .replace("@remove-line-for-nolocal@", "").replace("@authcomment@", "")
                .replace("@authmethodlocal@", "trust").replace("@authmethodhost@", "trust");
        String original = sample + "\n" + Files.readString(cluster.hbaFile());
        Files.writeString(cluster.hbaFile(), original);
        cluster.serverUser().own(cluster.hbaFile());
        Spec spec = spec(HbaSpec.MANAGED_BLOCK, "top", List.of(rule("host", "app", "scram-sha-256", "10.1.0.0/16")));

        assertThat(converger(cluster).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);

        String written = Files.readString(cluster.hbaFile());
        assertThat(written).startsWith(HbaLayout.BEGIN + "\n").endsWith(HbaLayout.END + "\n" + original);
        assertThat(converger(cluster).plan(spec).hasChanges()).isFalse();
    }

    @AcrossPgVersions
    void aRuleTheServerRejectsLeavesTheOldFileAndIsNeverReloaded(PgCluster cluster) throws Exception {
        String original = Files.readString(cluster.hbaFile());
        String loadedAt = cluster.psql("SELECT pg_conf_load_time()");
        // The zonky builds have no PAM: only the server can know, so the agent's own checks pass it.
        Spec spec = spec(HbaSpec.MANAGED_BLOCK, "bottom", List.of(rule("host", "app", "pam", "10.2.0.0/16")));

        ConvergeResult result = converger(cluster).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(result.applied().failure().orElseThrow().describe())
                .contains("the server rejects the new").contains("not supported by this build")
                .contains("nothing was reloaded");
        assertThat(result.applied().failure().orElseThrow().error().sqlState()).as("the agent's finding").isNull();
        assertThat(Files.readString(cluster.hbaFile())).isEqualTo(original);
        assertThat(cluster.psql("SELECT pg_conf_load_time()")).isEqualTo(loadedAt);
    }

    @AcrossPgVersions
    void aCrashBeforeTheRenameLeavesTheOldFileAndTheNextRunCleansUp(PgCluster cluster) throws Exception {
        String original = Files.readString(cluster.hbaFile());
        Spec spec = spec(HbaSpec.MANAGED_BLOCK, "top", List.of(rule("host", "app", "md5", "10.3.0.0/16")));
        ApplyListener crash = new ApplyListener() {
            @Override
            public void fileReadyToReplace(Path temp, Path target) {
                assertThat(temp).exists().hasParent(target.getParent());
                throw new IllegalStateException("simulated crash between write and rename");
            }
        };

        assertThatThrownBy(() -> converger(cluster).apply(spec, crash)).hasMessageContaining("simulated crash");

        assertThat(Files.readString(cluster.hbaFile())).isEqualTo(original);
        assertThat(tempFiles(cluster)).isEmpty();
        // A kill -9 would skip the cleanup: the next apply removes what it left.
        Path leftover = cluster.hbaFile().resolveSibling(".pg_hba.conf.pgstate-tmp-999999");
        Files.writeString(leftover, "host all all all trust\n");
        assertThat(converger(cluster).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(tempFiles(cluster)).isEmpty();
    }

    /**
     * pg_hba.conf linked into a directory anyone may write in: the agent refuses to write there (another user could
     * swap the file under the rename) and says so in words, not a Java exception's name; nothing changes.
     */
    @AcrossPgVersions
    void aFileLinkedIntoAWorldWritableDirectoryIsRefusedInWords(PgCluster cluster) throws Exception {
        Path open = Files.createTempDirectory("pgstate-open-hba");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path moved = open.resolve("pg_hba.conf");
        Files.move(cluster.hbaFile(), moved);
        Files.createSymbolicLink(cluster.hbaFile(), moved);
        try {
            String original = Files.readString(moved);
            String loadedAt = cluster.psql("SELECT pg_conf_load_time()");
            Spec spec = spec(HbaSpec.MANAGED_BLOCK, "top", List.of(rule("host", "app", "md5", "10.6.0.0/16")));

            ConvergeResult result = converger(cluster).apply(spec, ApplyListener.NONE);

            assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
            assertThat(result.applied().failure().orElseThrow().describe())
                    .contains("refusing to write " + moved).doesNotContain("java.").doesNotContain("Exception");
            assertThat(Files.readString(moved)).isEqualTo(original);
            assertThat(cluster.psql("SELECT pg_conf_load_time()")).isEqualTo(loadedAt);
        } finally {
            Files.delete(cluster.hbaFile());
            Files.move(moved, cluster.hbaFile());
            Files.delete(open);
        }
    }

    /** The agent stopped after the rename and before the reload: the next run must still load the new rules. */
    @AcrossPgVersions
    void aFileWrittenButNeverLoadedIsReloadedByTheNextApply(PgCluster cluster) throws Exception {
        Spec wanted = spec(HbaSpec.MANAGED_BLOCK, "top", List.of(rule("host", "app", "md5", "10.4.0.0/16")));
        Spec earlier = spec(HbaSpec.MANAGED_BLOCK, "top", List.of(rule("host", "app", "md5", "10.5.0.0/16")));
        assertThat(converger(cluster).apply(wanted, ApplyListener.NONE).succeeded()).isTrue();
        String wantedText = Files.readString(cluster.hbaFile());
        assertThat(converger(cluster).apply(earlier, ApplyListener.NONE).succeeded()).isTrue();
        String loadedAt = cluster.psql("SELECT pg_conf_load_time()");
        Files.writeString(cluster.hbaFile(), wantedText); // what the stopped apply had renamed into place

        Plan plan = converger(cluster).plan(wanted);

        assertThat(plan.changes()).singleElement().satisfies(change ->
                assertThat(change.reason()).endsWith("was written after the server last loaded it: it needs a reload"));
        assertThat(converger(cluster).apply(wanted, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(cluster.psql("SELECT pg_conf_load_time()")).isNotEqualTo(loadedAt);
        assertThat(converger(cluster).plan(wanted).hasChanges()).isFalse();
    }

    /**
     * The postmaster is held (SIGSTOP) as the new file is renamed into place, so the reload signal waits past the
     * agent's patience: the previous file must go back byte for byte with its owner and mode, and when the held
     * signal is finally taken the server reads the old rules, under which "probe" still gets in.
     */
    @AcrossPgVersions
    void aReloadTheServerNeverShowsPutsThePreviousFileBack(PgCluster cluster) throws Exception {
        cluster.execute("CREATE ROLE probe LOGIN");
        byte[] original = Files.readAllBytes(cluster.hbaFile());
        UserPrincipal owner = Files.getOwner(cluster.hbaFile());
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(cluster.hbaFile());
        String loadedAt = cluster.psql("SELECT pg_conf_load_time()");
        Spec spec = spec(HbaSpec.MANAGED_BLOCK, "top", List.of(rule("host", "probe", "reject", "127.0.0.1/32")));
        String postmaster = Files.readAllLines(cluster.dataDir().resolve("postmaster.pid")).get(0).strip();
        AtomicBoolean held = new AtomicBoolean();
        ApplyListener holdTheServer = new ApplyListener() {
            @Override
            public void fileReadyToReplace(Path temp, Path target) {
                if (!held.getAndSet(true)) {
                    signal("STOP", postmaster);
                }
            }
        };

        ConvergeResult result;
        try {
            result = converger(cluster).withReload(new ServerReload(ServerReload.STANDARD.signal(), Duration.ofSeconds(2)))
                    .apply(spec, holdTheServer);
        } finally {
            signal("CONT", postmaster);
        }

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(result.applied().failure().orElseThrow().describe())
                .contains("the server did not reload its configuration within 2 s")
                .contains("is back in place, but its reload was not confirmed either");
        assertThat(Files.readAllBytes(cluster.hbaFile())).isEqualTo(original);
        assertThat(Files.getOwner(cluster.hbaFile())).isEqualTo(owner);
        assertThat(Files.getPosixFilePermissions(cluster.hbaFile())).isEqualTo(mode);
        awaitReloadAfter(cluster, loadedAt); // the held signal, taken now: it reads the file put back
        try (Connection probe = DriverManager.getConnection(cluster.jdbcUrl("postgres").replace("user=postgres",
                "user=probe"))) {
            assertThat(probe.isValid(5)).isTrue();
        }
        assertThat(converger(cluster).plan(spec).changes()).singleElement().isInstanceOf(RewriteHbaFile.class);
    }

    private static void signal(String signal, String pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
            assertThat(kill.waitFor()).as("kill -%s %s", signal, pid).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitReloadAfter(PgCluster cluster, String loadedAt) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (cluster.psql("SELECT pg_conf_load_time()").equals(loadedAt)) {
            assertThat(System.nanoTime()).as("the postmaster took the held reload").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AcrossPgVersions
    void rulesThatLockOutTheAgentAreRefusedAndTheFileIsUnchanged(PgCluster cluster) throws Exception {
        String original = Files.readString(cluster.hbaFile());
        Spec spec = spec(HbaSpec.WHOLE_FILE, null, List.of(rule("local", "all", "trust", null),
                rule("host", "all", "reject", "127.0.0.1/32")));

        assertThatThrownBy(() -> converger(cluster).apply(spec, ApplyListener.NONE))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("the agent's own connection (from 127.0.0.1 without SSL as user \"postgres\" to"
                        + " database \"postgres\") would be locked out: line 3 (\"host all all 127.0.0.1/32 reject\")"
                        + " rejects it; add \"host all all 127.0.0.1/32 trust\" before line 3");
        assertThat(Files.readString(cluster.hbaFile())).isEqualTo(original);
    }

    @AcrossPgVersions
    void aMustKeepConnectionIsProtectedToo(PgCluster cluster) throws Exception {
        Spec spec = Spec.builder()
                .hba(new HbaSpec(HbaSpec.MANAGED_BLOCK, "top", List.of(rule("local", "all", "reject", null)),
                        List.of(new MustKeepSpec(true, null, null, "postgres", "all")))).build();

        assertThat(converger(cluster).plan(spec).changes().get(0).reason())
                .contains("hba.must_keep[0] (over the socket as user \"postgres\" to database \"all\") would be locked out:"
                        + " line 2 (\"local all all reject\") rejects it; add \"local all all trust\" before line 2");
        assertThat(converger(cluster).apply(spec, ApplyListener.NONE, LockoutPolicy.ALLOW).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
    }

    private static List<Path> tempFiles(PgCluster cluster) throws IOException {
        try (Stream<Path> files = Files.list(cluster.hbaFile().getParent())) {
            return files.filter(f -> f.getFileName().toString().contains("pgstate-tmp")).toList();
        }
    }

    static HbaRuleSpec rule(String type, String users, String method, String address) {
        return HbaRuleSpec.builder(type, method).databases(List.of("all")).users(List.of(users))
                .address(address).options(Map.of()).build();
    }

    private static Spec spec(String ownership, String position, List<HbaRuleSpec> rules) {
        return Spec.builder().hba(new HbaSpec(ownership, position, rules, List.of())).build();
    }

    static Converger converger(PgCluster cluster) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", cluster.port(), cluster.superuser(), "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
