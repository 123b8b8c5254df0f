package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.testkit.SshBoxServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push meeting boxes in trouble: a full disk, a box that hangs, connections dropped or refused, a login refused,
 * Ctrl-C. The SSH servers are real (MINA SSHD on loopback ports, faults injected where a real box has them: its disk,
 * its accept loop); the box's agent is a script that answers the version, plans one change and applies it in the time
 * the test gives it, recording each call, since these tests are about the push and not about what the agent does
 * (which {@link FleetPushIT} and {@link OpenSshPushIT} show with real clusters).
 */
class PushFaultsTest {

    private static final String BOX_AGENT = """
            #!/bin/sh
            # a box's agent as far as the push can tell; $1 is the box's directory, which says how slow it is
            box="$1"; shift
            echo "$1" >> "$box/calls"
            case "$1" in
              --version) echo "pgstate agent 99.0.0" ;;
              plan) sleep "$(cat "$box/plan_seconds" 2>/dev/null || echo 0)"
                    echo '{"changes":[{"address":"role.app","action":"create","attributes":[]}],"manual_actions":[],"unmanaged":[]}'
                    touch "$box/planned"; exit 2 ;;
              apply) touch "$box/applying"; sleep "$(cat "$box/apply_seconds" 2>/dev/null || echo 0)"
                     # until the files named in apply_waits_for exist, for at most 20 s
                     for file in $(cat "$box/apply_waits_for" 2>/dev/null); do
                       tries=0; while [ ! -e "$file" ] && [ $tries -lt 400 ]; do sleep 0.05; tries=$((tries + 1)); done
                       [ -e "$file" ] || { echo "error: waited 20 s for $file" >&2; exit 1; }
                     done
                     if [ -e "$box/apply_fails" ]; then echo "error: role.app: permission denied" >&2; exit 1; fi
                     echo '{"result":{"applied":["role.app"]}}'; touch "$box/applied" ;;
              *) echo "unexpected: $*" >&2; exit 64 ;;
            esac
            """;
    /** What the box's agent leaves in its box's directory: the record of calls, marks of how far it got. */
    private static final Set<String> AGENT_RECORDS = Set.of("calls", "planned", "applying", "applied");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final KeyPair login = SshBoxServer.newKeyPair();
    private final List<SshBoxServer> servers = new ArrayList<>();
    private final StringBuilder knownHosts = new StringBuilder();
    private final StringBuilder inventory = new StringBuilder("boxes:\n");
    private Path identity;
    private Path boxAgent;
    private Path spec;

    @BeforeEach
    void files() throws Exception {
        identity = SshBoxServer.writeIdentity(dir.resolve("id_test"), login);
        boxAgent = Files.writeString(dir.resolve("box-agent"), BOX_AGENT);
        Files.setPosixFilePermissions(boxAgent, PosixFilePermissions.fromString("rwx------"));
        // longer than one SFTP write (32 KiB), so a disk with room for one fills up in the middle of the upload
        spec = Files.writeString(dir.resolve("spec.yaml"), "roles:\n  - name: app_${box.name}\n    login: true\n"
                + "# the fleet's application role, one per box\n".repeat(1500));
    }

    @AfterEach
    void stop() throws IOException {
        for (SshBoxServer server : servers) {
            server.close();
        }
    }

    @Test
    void aFullDiskFailsTheUploadAndLeavesTheBoxsSpecAsItWas() throws Exception {
        Path good = box("good", SshBoxServer.Faults.NONE);
        Path full = box("full", SshBoxServer.Faults.diskFullAfter(40_000));
        String old = oldSpecOn(full);

        JsonNode failed = pushFailingTheSecondBox();

        // the server's own words: SFTP has no code for a full disk (OpenSSH's sftp-server says "Failure")
        assertThat(failed.path("error").asText()).isEqualTo("upload of " + full.resolve("spec.yaml")
                + " failed: SSH_FX_FAILURE: General failure");
        assertKeptItsOldSpec(full, old);
        assertThat(full.resolve("calls")).as("nothing ran there: the version check goes with the plan").doesNotExist();
        assertThat(Files.readString(good.resolve("spec.yaml"))).contains("app_good");
    }

    /**
     * The spec is flushed to disk before it is renamed into place and the directory after: each box's {@code sync}
     * records what it is given; on one box it fails as on a disk that cannot write (EIO), and that box keeps its old
     * spec, whole, and applies nothing.
     */
    @Test
    void theSpecIsFlushedBeforeTheRenameAndTheDirectoryAfterAndAFailedFlushLeavesTheOldSpec() throws Exception {
        Path good = box("good", SshBoxServer.Faults.NONE, Map.of("PATH", syncIn("good", "exec /bin/sync \"$@\"")));
        Path broken = box("broken", SshBoxServer.Faults.NONE, Map.of("PATH", syncIn("broken",
                "echo \"sync: error syncing '$2': Input/output error\" >&2; exit 1")));
        String old = oldSpecOn(broken);

        JsonNode failed = pushFailingTheSecondBox();

        List<String> flushed = Files.readAllLines(dir.resolve("sync-good"));
        assertThat(flushed).hasSize(2);
        assertThat(flushed.get(0)).matches("-- " + good + "/\\.spec\\.yaml\\.pgstate-push-[0-9a-f]{12}");
        assertThat(flushed.get(1)).isEqualTo("-- " + good);
        assertThat(Files.readString(good.resolve("spec.yaml"))).contains("app_good");
        assertThat(failed.path("error").asText()).startsWith("putting " + broken.resolve("spec.yaml")
                + " in place failed (exit 1): sync: error syncing '" + broken + "/.spec.yaml.pgstate-push-")
                .endsWith("': Input/output error");
        assertKeptItsOldSpec(broken, old);
        assertThat(calls(broken)).as("nothing applied").containsExactly("--version", "plan");
    }

    /** A spec of its own on {@code box}, which a failed push must leave as it is. */
    private static String oldSpecOn(Path box) throws IOException {
        String old = "roles:\n  - name: app_" + box.getFileName() + "\n    login: false\n";
        Files.writeString(box.resolve("spec.yaml"), old);
        return old;
    }

    /** Pushes to a good box and a box in trouble, in that order: the record of the second, which failed. */
    private JsonNode pushFailingTheSecondBox() throws IOException {
        AgentRun run = push("--format", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode boxes = JSON.readTree(run.out()).path("boxes");
        assertThat(boxes.get(0).path("status").asText()).isEqualTo("changed");
        assertThat(boxes.get(1).path("status").asText()).isEqualTo("failed");
        return boxes.get(1);
    }

    private static void assertKeptItsOldSpec(Path box, String old) throws IOException {
        assertThat(Files.readString(box.resolve("spec.yaml"))).as("the old spec, whole").isEqualTo(old);
        try (var entries = Files.list(box)) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .as("no part of the new spec left behind").filteredOn(name -> !AGENT_RECORDS.contains(name))
                    .containsExactly("spec.yaml");
        }
    }

    /** A PATH whose {@code sync} records its arguments in sync-NAME, then runs {@code body}. */
    private String syncIn(String name, String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin-" + name));
        Path sync = Files.writeString(bin.resolve("sync"), "#!/bin/sh\necho \"$*\" >> " + dir.resolve("sync-" + name)
                + "\n" + body + "\n");
        Files.setPosixFilePermissions(sync, PosixFilePermissions.fromString("rwx------"));
        return bin + ":/usr/bin:/bin";
    }

    @Test
    void aBoxThatHangsFailsAtItsTimeoutWhileTheOthersFinish() throws Exception {
        box("first", SshBoxServer.Faults.NONE);
        Path stuck = box("stuck", SshBoxServer.Faults.NONE);
        Files.writeString(stuck.resolve("plan_seconds"), "60");
        Path other = box("other", SshBoxServer.Faults.NONE);
        Files.writeString(other.resolve("apply_seconds"), "1");

        long start = System.nanoTime();
        AgentRun run = push("--timeout", "3s", "--parallel", "2", "--format", "json");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode boxes = JSON.readTree(run.out()).path("boxes");
        assertThat(boxes.get(0).path("status").asText()).isEqualTo("changed");
        assertThat(boxes.get(1).path("status").asText()).isEqualTo("failed");
        assertThat(boxes.get(1).path("error").asText()).isEqualTo("plan: timed out (the box's --timeout passed)");
        assertThat(boxes.get(1).path("seconds").asDouble()).isBetween(3.0, 6.0);
        JsonNode steps = boxes.get(1).path("steps");
        assertThat(steps.get(steps.size() - 1).path("step").asText()).as("the step it hung in")
                .isEqualTo("version, plan");
        assertThat(boxes.get(2).path("status").asText()).as("the box beside it is not held up").isEqualTo("changed");
        assertThat(seconds).as("the push does not wait for the hanging plan").isLessThan(20);
    }

    @Test
    void aDroppedConnectionIsTriedAgainAndSucceeds() throws Exception {
        box("flaky", SshBoxServer.Faults.dropFirstConnections(1));

        AgentRun run = push("--retries", "2", "--retry-delay", "500ms", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode box = JSON.readTree(run.out()).path("boxes").get(0);
        assertThat(box.path("status").asText()).isEqualTo("changed");
        assertThat(box.path("attempts").asInt()).isEqualTo(2);
        assertThat(box.path("seconds").asDouble()).as("after the retry delay").isGreaterThanOrEqualTo(0.5);
        assertThat(run.err()).contains("flaky: changed (1 applied) in ");
        List<String> steps = new ArrayList<>();
        double stepSeconds = 0;
        for (JsonNode step : box.path("steps")) {
            steps.add(step.path("step").asText());
            stepSeconds += step.path("seconds").asDouble();
        }
        assertThat(steps).containsExactly("connecting", "connecting (attempt 2)", "upload", "version, plan",
                "waiting for its turn", "in place, apply");
        assertThat(box.path("steps").get(0).path("seconds").asDouble()).as("the wait before the next attempt")
                .isGreaterThanOrEqualTo(0.5);
        assertThat(stepSeconds).as("the steps account for the box's time").isCloseTo(box.path("seconds").asDouble(),
                within(0.01));
    }

    @Test
    void aRefusedConnectionIsTriedAgainWithADoublingDelayAndARefusedLoginIsNot() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        inventory.append(entry("gone", "127.0.0.1", closedPort, dir.resolve("gone"), identity));
        Path stranger = SshBoxServer.writeIdentity(dir.resolve("id_stranger"), SshBoxServer.newKeyPair());
        box("refusing", SshBoxServer.Faults.NONE, stranger);

        AgentRun run = push("--retries", "2", "--retry-delay", "300ms", "--parallel", "1", "--format", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode boxes = JSON.readTree(run.out()).path("boxes");
        assertThat(boxes.get(0).path("status").asText()).isEqualTo("unreachable");
        assertThat(boxes.get(0).path("error").asText()).startsWith("cannot connect to postgres@127.0.0.1:"
                + closedPort + ": Connection refused");
        assertThat(boxes.get(0).path("attempts").asInt()).isEqualTo(3);
        assertThat(boxes.get(0).path("seconds").asDouble()).as("300 ms, then 600 ms").isBetween(0.9, 5.0);
        assertThat(boxes.get(1).path("status").asText()).isEqualTo("failed");
        assertThat(boxes.get(1).path("error").asText()).startsWith("login refused by postgres@127.0.0.1:"
                + servers.get(0).port() + " with " + stranger);
        assertThat(boxes.get(1).path("attempts").asInt()).as("a refused login is not tried again").isEqualTo(1);
    }

    /** SIGINT to a real {@code agent push} process, as Ctrl-C on its terminal sends it. */
    @Test
    void ctrlCStartsNoMoreBoxesAndWaitsForThoseInFlight() throws Exception {
        box("canary", SshBoxServer.Faults.NONE);
        List<Path> slow = new ArrayList<>();
        for (String name : List.of("b2", "b3")) {
            Path box = box(name, SshBoxServer.Faults.NONE);
            Files.writeString(box.resolve("apply_seconds"), "3");
            slow.add(box);
        }
        Path later = box("b4", SshBoxServer.Faults.NONE);
        Path last = box("b5", SshBoxServer.Faults.NONE);
        Process push = pushProcess(List.of(), "--parallel", "2");
        try {
            awaitFiles(push, slow.get(0).resolve("applying"), slow.get(1).resolve("applying"));
            assertThat(slow.get(0).resolve("applied")).as("still applying when interrupted").doesNotExist();

            new ProcessBuilder("kill", "-INT", String.valueOf(push.pid())).start().waitFor();

            assertThat(push.waitFor(60, TimeUnit.SECONDS)).as("the push ends").isTrue();
        } finally {
            push.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("push.out"));
        String err = Files.readString(dir.resolve("push.err"));
        assertThat(push.exitValue()).as(err).isEqualTo(1);
        assertThat(err).contains("interrupted: no more boxes are started; waiting for those in flight")
                .contains("b2: changed (1 applied) in ").contains("b3: changed (1 applied) in ");
        assertThat(slow).allSatisfy(box -> assertThat(box.resolve("applied")).as("finished its apply").exists());
        assertThat(out).contains("\nb4      not started  ").contains("\nb5      not started  ")
                .endsWith("Push: 5 boxes: 0 converged, 3 changed, 0 pending, 0 failed, 0 unreachable, 2 not started.\n");
        // planned ahead of their turn, maybe, but nothing of theirs changed
        for (Path box : List.of(later, last)) {
            if (Files.exists(box.resolve("calls"))) {
                assertThat(calls(box)).as("never applied").containsExactly("--version", "plan");
            }
            try (var entries = Files.list(box)) {
                assertThat(entries.map(path -> path.getFileName().toString())).as("no spec, no upload left")
                        .filteredOn(name -> !AGENT_RECORDS.contains(name)).isEmpty();
            }
        }
    }

    /**
     * The next boxes log in and plan while the canary applies (its apply waits until they have planned), but nothing
     * of theirs is changed before the canary is done: when it fails, with --max-failures 0, they are not started,
     * their uploads are removed and their old specs kept; a box beyond the --parallel boxes planned ahead is never
     * contacted.
     */
    @Test
    void boxesPlannedAheadDuringTheCanarysTurnAreLeftAsTheyWereWhenTheCanaryFails() throws Exception {
        Path canary = box("canary", SshBoxServer.Faults.NONE);
        Path second = box("b2", SshBoxServer.Faults.NONE);
        Path third = box("b3", SshBoxServer.Faults.NONE);
        Path fourth = box("b4", SshBoxServer.Faults.NONE);
        Files.writeString(canary.resolve("apply_fails"), "");
        Files.writeString(canary.resolve("apply_waits_for"), second.resolve("planned") + "\n"
                + third.resolve("planned") + "\n");
        String secondOld = oldSpecOn(second);
        String thirdOld = oldSpecOn(third);

        AgentRun run = push("--parallel", "2", "--max-failures", "0", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode boxes = JSON.readTree(run.out()).path("boxes");
        assertThat(boxes.get(0).path("error").asText()).isEqualTo("apply on the box failed (exit 1): role.app: "
                + "permission denied");
        for (int planned = 1; planned <= 2; planned++) {
            JsonNode box = boxes.get(planned);
            assertThat(box.path("status").asText()).isEqualTo("not_started");
            assertThat(box.path("error").asText()).isEqualTo("not started: 1 boxes failed, more than --max-failures "
                    + "0 allows");
            assertThat(box.path("plan").path("changes")).as("its plan, made ahead of its turn").hasSize(1);
        }
        assertThat(calls(second)).as("planned, never applied").containsExactly("--version", "plan");
        assertThat(calls(third)).containsExactly("--version", "plan");
        assertKeptItsOldSpec(second, secondOld);
        assertKeptItsOldSpec(third, thirdOld);
        assertThat(boxes.get(3).path("status").asText()).isEqualTo("not_started");
        assertThat(fourth.resolve("calls")).as("never contacted").doesNotExist();
    }

    /**
     * With --canary none no box goes alone: the first --parallel boxes apply at once (each box's apply waits until
     * the others apply too, and fails after 20 s without them), and the display calls none of them the canary.
     */
    @Test
    void withCanaryNoneTheFirstBoxesApplyTogether() throws Exception {
        List<Path> boxes = List.of(box("a1", SshBoxServer.Faults.NONE), box("a2", SshBoxServer.Faults.NONE),
                box("a3", SshBoxServer.Faults.NONE));
        for (Path box : boxes) {
            Files.writeString(box.resolve("apply_waits_for"), String.join("\n", boxes.stream()
                    .map(other -> other.resolve("applying").toString()).toList()) + "\n");
        }

        AgentRun run = push("--parallel", "3", "--canary", "none");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("a1: started\n").doesNotContain("canary");
        assertThat(run.out()).endsWith("Push: 3 boxes: 0 converged, 3 changed, 0 pending, 0 failed, 0 unreachable, "
                + "0 not started.\n");
    }

    /** "none" is not a box's name to --canary: a box so named makes it ambiguous, refused before any connection. */
    @Test
    void canaryNoneIsRefusedWhenABoxIsNamedNone() throws Exception {
        Path none = box("none", SshBoxServer.Faults.NONE);

        AgentRun run = push("--canary", "none");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("--canary none: a box is named none; to push to it alone first, rename it in "
                + "the inventory");
        assertThat(none.resolve("calls")).doesNotExist();
    }

    /**
     * A box whose name does not resolve, found without asking any name server: the push runs in a JVM whose host
     * names come from an empty hosts file (jdk.net.hosts.file), so nothing leaves this machine.
     */
    @Test
    void aHostNameThatDoesNotResolveIsNamedAndNotTriedAgain() throws Exception {
        inventory.append(entry("nowhere", "db9.example.invalid", 22, dir.resolve("nowhere"), identity));
        box("here", SshBoxServer.Faults.NONE);
        Path noNames = Files.writeString(dir.resolve("hosts"), "");

        Process push = pushProcess(List.of("-Djdk.net.hosts.file=" + noNames), "--retries", "2", "--format", "json");

        assertThat(push.waitFor(60, TimeUnit.SECONDS)).as("the push ends").isTrue();
        assertThat(push.exitValue()).as(Files.readString(dir.resolve("push.err"))).isEqualTo(1);
        JsonNode boxes = JSON.readTree(dir.resolve("push.out").toFile()).path("boxes");
        assertThat(boxes.get(0).path("status").asText()).isEqualTo("unreachable");
        assertThat(boxes.get(0).path("error").asText()).isEqualTo("host name db9.example.invalid does not resolve");
        assertThat(boxes.get(0).path("attempts").asInt()).as("not a passing fault").isEqualTo(1);
        assertThat(boxes.get(1).path("status").asText()).isEqualTo("changed");
    }

    /** A plan-only push that reached no box does not say that no box differs from the spec. */
    @Test
    void aPlanOnlyPushThatPlannedNoBoxDoesNotCallTheFleetConverged() throws Exception {
        inventory.append(entry("nowhere", "db9.example.invalid", 22, dir.resolve("nowhere"), identity));
        Path noNames = Files.writeString(dir.resolve("hosts"), "");

        Process push = pushProcess(List.of("-Djdk.net.hosts.file=" + noNames), "--plan-only");

        assertThat(push.waitFor(60, TimeUnit.SECONDS)).as("the push ends").isTrue();
        assertThat(push.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("push.out")))
                .contains("No box planned differs from the spec; 1 box was not planned.")
                .doesNotContain("No box differs from the spec.");
    }

    /**
     * {@code agent push} as its own process, its stdout and stderr in push.out and push.err. SIGINT as a terminal
     * leaves it (default handling): a build started in the background by a non-interactive shell passes SIGINT on
     * ignored, and the JVM then never hears Ctrl-C.
     */
    private Process pushProcess(List<String> jvmOptions, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.addAll(List.of(Main.class.getName(), "push", "--spec", spec.toString(), "--inventory",
                writeInventory().toString(), "--known-hosts", writeKnownHosts().toString()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectError(dir.resolve("push.err").toFile())
                .redirectOutput(dir.resolve("push.out").toFile()).start();
    }

    private static void awaitFiles(Process push, Path... files) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            if (java.util.Arrays.stream(files).allMatch(Files::exists)) {
                return;
            }
            assertThat(push.isAlive()).as("the push is running").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the boxes did not start applying within 30 s");
    }

    /** A box served by its own SSH server, its spec and its agent's record of calls in its own directory. */
    private Path box(String name, SshBoxServer.Faults faults) throws IOException {
        return box(name, faults, identity);
    }

    private Path box(String name, SshBoxServer.Faults faults, Map<String, String> env) throws IOException {
        return box(name, faults, identity, env);
    }

    private Path box(String name, SshBoxServer.Faults faults, Path key) throws IOException {
        return box(name, faults, key, Map.of());
    }

    private Path box(String name, SshBoxServer.Faults faults, Path key, Map<String, String> env) throws IOException {
        SshBoxServer server = SshBoxServer.start(login.getPublic(), env, faults);
        servers.add(server);
        knownHosts.append(server.knownHostsLine());
        Path box = Files.createDirectories(dir.resolve(name));
        inventory.append(entry(name, "127.0.0.1", server.port(), box, key));
        return box;
    }

    private String entry(String name, String host, int port, Path box, Path key) {
        return """
                  - name: %s
                    host: %s
                    port: %d
                    identity_file: %s
                    agent_command: %s %s
                    spec_path: %s
                """.formatted(name, host, port, key, boxAgent, box, box.resolve("spec.yaml"));
    }

    private AgentRun push(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("push", "--spec", spec.toString(), "--inventory",
                writeInventory().toString(), "--known-hosts", writeKnownHosts().toString()));
        args.addAll(List.of(options));
        return agent(args.toArray(String[]::new));
    }

    private Path writeInventory() throws IOException {
        Path file = Files.writeString(dir.resolve("inventory.yaml"), inventory);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path writeKnownHosts() throws IOException {
        return Files.writeString(dir.resolve("known_hosts"), knownHosts);
    }

    private static List<String> calls(Path box) throws IOException {
        return Files.readAllLines(box.resolve("calls"), StandardCharsets.UTF_8);
    }
}
