package dev.pgstate.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.agent.metrics.MetricsServer;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.agent.trust.AgentConfig;
import dev.pgstate.agent.trust.SignerKeyFiles;
import dev.pgstate.agent.trust.SignerKeys;
import dev.pgstate.agent.trust.SpecSignature;
import dev.pgstate.model.Specs;
import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon against a real cluster: healing, report mode, spec edits, a database that goes away. */
class DaemonLoopIT {

    static final String SPEC = """
            roles:
              - name: admin
                login: true
                createrole: false
              - name: idbox
                login: true
            """;

    private static final String ADMIN_CREATEROLE = "SELECT rolcreaterole FROM pg_roles WHERE rolname = 'admin'";

    @TempDir
    Path dir;

    @AcrossPgVersions
    void enforceHealsAnOutOfBandChangeInTheNextCycle(PgCluster pg) throws Exception {
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.ENFORCE, SPEC)) {
            daemon.awaitCycle("creating the roles", report -> report.succeeded() && !report.server().changed().isEmpty());

            Instant drifted = Instant.now();
            pg.execute("ALTER ROLE admin CREATEROLE");
            CycleReport heal = daemon.awaitCycle("started after the drift", r -> r.startedAt().isAfter(drifted));

            assertThat(heal.succeeded()).as(heal.summary()).isTrue();
            assertThat(heal.server().changed()).extracting(c -> c.address().toString()).containsExactly("role.admin");
            assertThat(pg.psql(ADMIN_CREATEROLE)).isEqualTo("f");
            assertThat(heal.summary()).isEqualTo("enforce cycle " + heal.number() + " ok: 1 drifted, 1 changed, 0 pending");
        }
    }

    /**
     * A pg_hba.conf that would shut out the agent's own TCP session: the plan is made and refused, nothing changes,
     * and the cycle reports that plan with its change pending and the refusal as the failure (it said the server was
     * not read).
     */
    @AcrossPgVersions
    void aLockoutRefusalReportsThePlanItRefused(PgCluster pg) throws Exception {
        String hba = Files.readString(pg.hbaFile());
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.ENFORCE, """
                hba:
                  ownership: whole-file
                  rules:
                    - {type: local, databases: [all], users: [all], method: peer}
                """)) {
            CycleReport refused = daemon.awaitCycle("refusing the lockout", r -> r.server().failure().isPresent());

            assertThat(refused.server().drift()).hasValueSatisfying(plan -> assertThat(plan.changes())
                    .extracting(c -> c.address().toString()).containsExactly("hba.rules"));
            assertThat(refused.server().pending()).extracting(c -> c.address().toString()).containsExactly("hba.rules");
            assertThat(refused.server().changed()).isEmpty();
            assertThat(refused.server().failure().orElseThrow()).isEqualTo("apply refused, nothing was changed: the "
                    + "agent's own connection (from 127.0.0.1 without SSL as user \"" + pg.superuser() + "\" to database "
                    + "\"postgres\") would be locked out: no rule matches it; add \"host all all 127.0.0.1/32 trust\" to "
                    + "the rules");
            assertThat(refused.summary()).startsWith("enforce cycle " + refused.number()
                    + " failed: 1 drifted, 0 changed, 1 pending; apply refused, nothing was changed: ");
            assertThat(Files.readString(pg.hbaFile())).isEqualTo(hba);
        }
    }

    @Test
    @PgVersion(16)
    void reportModeOnlyReportsTheDrift(PgCluster pg) throws Exception {
        pg.execute("CREATE ROLE admin LOGIN CREATEROLE");
        pg.execute("CREATE ROLE idbox LOGIN");
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.REPORT, SPEC)) {
            CycleReport report = daemon.awaitCycle("reporting", CycleReport::succeeded);
            daemon.awaitCycle("after the first", r -> r.number() > report.number());

            assertThat(pg.psql(ADMIN_CREATEROLE)).as("report mode changes nothing").isEqualTo("t");
            assertThat(report.server().changed()).isEmpty();
            assertThat(report.server().pending()).extracting(Change::address).map(Object::toString)
                    .containsExactly("role.admin");
            JsonNode json = new ObjectMapper().readTree(daemon.reportFile().file().toFile());
            assertThat(json.get("mode").asText()).isEqualTo("report");
            JsonNode drift = json.at("/drift/changes/0");
            assertThat(drift.get("address").asText()).isEqualTo("role.admin");
            assertThat(drift.at("/attributes/0/name").asText()).isEqualTo("createrole");
            assertThat(drift.at("/attributes/0/before").asBoolean()).isTrue();
            assertThat(drift.at("/attributes/0/after").asBoolean()).isFalse();
            assertThat(json.at("/pending/changes/0").asText()).isEqualTo("role.admin");
            assertThat(json.get("changed")).isEmpty();
        }
    }

    @Test
    @PgVersion(16)
    void aSpecEditTakesEffectAndAnInvalidOneKeepsTheLastGoodSpec(PgCluster pg) throws Exception {
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.ENFORCE, SPEC)) {
            daemon.awaitCycle("creating the roles", CycleReport::succeeded);

            daemon.replaceSpec(RunningDaemon.withConnection(pg, SPEC + "  - name: reporting\n"));
            daemon.awaitCycle("creating the new role", r -> changed(r, "role.reporting"));
            assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'reporting'")).isEqualTo("1");

            daemon.replaceSpec(RunningDaemon.withConnection(pg, SPEC + "  - name: reporting\n    superuser: maybe\n"));
            CycleReport invalid = daemon.awaitCycle("reporting the invalid spec", r -> r.specProblem().isPresent());
            assertThat(invalid.specProblem().orElseThrow()).contains("spec.yaml").contains("superuser");
            assertThat(invalid.succeeded()).isFalse();
            JsonNode json = new ObjectMapper().readTree(daemon.reportFile().file().toFile());
            assertThat(json.get("spec_problem").asText()).contains("superuser");

            healsWithTheLastGoodSpec(daemon, pg);
            assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'reporting'")).isEqualTo("1");
        }
    }

    /** A box that demands signed specs: an edit that breaks the signature is refused, the last good spec enforced. */
    @Test
    @PgVersion(16)
    void aTamperedSignedSpecIsRefusedAndTheLastGoodSpecStaysInForce(PgCluster pg) throws Exception {
        SignerKeyFiles owner = SignerKeyFiles.create(dir, "owner");
        FileTrust trust = FileTrust.ofThisProcess();
        Path config = SignerKeyFiles.agentConfig(dir, owner);
        Specs.ContentCheck check = AgentConfig.load(config, trust).specCheck(config, trust);
        // signed before the daemon writes these same bytes and loads them
        signAs(owner, RunningDaemon.withConnection(pg, SPEC));
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.ENFORCE, SPEC, check)) {
            daemon.awaitCycle("creating the roles", CycleReport::succeeded);

            String tampered = RunningDaemon.withConnection(pg, SPEC + "  - name: intruder\n");
            daemon.replaceSpec(tampered);
            CycleReport refused = daemon.awaitCycle("refusing the tampered spec", r -> r.specProblem().isPresent());
            assertThat(refused.specProblem().orElseThrow()).contains("spec.yaml:1:1: refused: ")
                    .contains("does not match its signature").contains("spec.yaml.sig");
            assertThat(new ObjectMapper().readTree(daemon.reportFile().file().toFile()).get("spec_problem").asText())
                    .contains("does not match its signature");
            healsWithTheLastGoodSpec(daemon, pg);
            assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'intruder'")).isEqualTo("0");

            signAs(owner, tampered);
            Instant signed = Instant.now();
            daemon.replaceSpec(tampered);
            daemon.awaitCycle("obeying the signed edit", r -> r.startedAt().isAfter(signed) && changed(r, "role.intruder"));
            assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'intruder'")).isEqualTo("1");
        }
    }

    private void signAs(SignerKeyFiles signer, String specText) throws IOException {
        SpecSignature signature = SpecSignature.sign(specText.getBytes(StandardCharsets.UTF_8),
                SignerKeys.privateKey(signer.privateKey(), FileTrust.ofThisProcess()));
        Files.writeString(dir.resolve("spec.yaml.sig"), signature.text());
    }

    /** Edits that crashed the daemon (a stack overflow, "cannot fail with I/O") are refused like any invalid spec. */
    @Test
    @PgVersion(16)
    void aHostileSpecEditIsRefusedAndTheLastGoodSpecStaysInForce(PgCluster pg) throws Exception {
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.ENFORCE, SPEC)) {
            daemon.awaitCycle("creating the roles", CycleReport::succeeded);

            for (String hostile : new String[] {"[".repeat(2_000) + "]".repeat(2_000), "x".repeat(300_000)}) {
                Instant edited = Instant.now();
                daemon.replaceSpec(RunningDaemon.withConnection(pg, SPEC + "  - name: reporting\n    valid_until: "
                        + hostile + "\n"));
                CycleReport refused = daemon.awaitCycle("refusing the edit",
                        r -> r.startedAt().isAfter(edited) && r.specProblem().isPresent());
                assertThat(refused.specProblem().orElseThrow()).contains("spec.yaml:").contains("roles[2]")
                        .containsAnyOf("nested deeper than 20 levels", "a value longer than 262144 characters");
            }
            Instant drifted = Instant.now();
            pg.execute("ALTER ROLE admin CREATEROLE");
            daemon.awaitCycle("healing with the last good spec", r -> r.startedAt().isAfter(drifted)
                    && changed(r, "role.admin"));
            assertThat(pg.psql(ADMIN_CREATEROLE)).isEqualTo("f");
            assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'reporting'")).isEqualTo("0");
        }
    }

    @Test
    @PgVersion(16)
    void survivesTheDatabaseGoingAwayAndServesItsFigures(PgCluster pg) throws Exception {
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.ENFORCE, SPEC);
             MetricsServer endpoint = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), daemon.metrics())) {
            daemon.awaitCycle("creating the roles", CycleReport::succeeded);
            assertThat(get(endpoint, "/health").statusCode()).isEqualTo(200);

            pg.stop();
            CycleReport down = daemon.awaitCycle("failing", r -> r.server().failure().isPresent());
            assertThat(down.server().failure().orElseThrow()).contains("cannot connect");
            daemon.awaitCycle("failing again, after a backoff", r -> r.number() > down.number());
            HttpResponse<String> unhealthy = get(endpoint, "/health");
            assertThat(unhealthy.statusCode()).isEqualTo(503);
            assertThat(unhealthy.body()).contains("\"status\":\"failing\"");

            pg.ensureRunning();
            pg.execute("ALTER ROLE admin CREATEROLE");
            daemon.awaitCycle("converging again", r -> r.succeeded() && changed(r, "role.admin"));
            assertThat(pg.psql(ADMIN_CREATEROLE)).isEqualTo("f");

            HttpResponse<String> metrics = get(endpoint, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(metrics.body())
                    .containsPattern("(?m)^pgstate_cycle_duration_seconds_count [1-9]")
                    .containsPattern("(?m)^pgstate_cycle_errors_total\\{source=\"server\"} [1-9]")
                    .containsPattern("(?m)^pgstate_cycle_errors_total\\{source=\"spec\"} 0")
                    .containsPattern("(?m)^pgstate_changes_applied_total [3-9]")
                    .containsPattern("(?m)^pgstate_drift_items\\{kind=\"role\"} [01]")
                    .containsPattern("(?m)^pgstate_drift_items\\{kind=\"database\"} 0")
                    .containsPattern("(?m)^pgstate_restart_pending 0")
                    .containsPattern("(?m)^pgstate_manual_actions 0")
                    .containsPattern("(?m)^pgstate_last_cycle_success 1")
                    .containsPattern("(?m)^pgstate_seconds_since_last_success [0-9.]+");
            HttpResponse<String> healthy = get(endpoint, "/health");
            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).contains("\"status\":\"ok\"").contains("\"seconds_since_last_success\":");
        }
    }

    /**
     * What changes between two idle cycles is seen by the next one, though an idle cycle parses no unchanged spec and
     * runs no PBKDF2 for a secret that matched nor reads a secret file that has settled: a settled secret file rotated
     * in place to the same size, then the spec edited in place to the same size with its old modification time put
     * back.
     */
    @Test
    @PgVersion(16)
    void aSecretAndASpecChangedBetweenIdleCyclesAreSeenInTheNextCycle(PgCluster pg) throws Exception {
        Path secret = dir.resolve("idbox.secret");
        Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secret, "secret-one\n");
        String spec = """
                roles:
                  - name: idbox
                    login: true
                    createdb: false
                    password: {file: %s}
                """.formatted(secret);
        String verifier = "SELECT rolpassword FROM pg_authid WHERE rolname = 'idbox'";
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.ENFORCE, spec)) {
            CycleReport created = daemon.awaitCycle("creating the role", r -> r.succeeded() && changed(r, "role.idbox"));
            daemon.awaitCycle("idle", r -> r.number() > created.number() && r.succeeded() && r.driftCount() == 0);
            String firstVerifier = pg.psql(verifier);
            // two seconds after its last change the secret file is settled: the cycles from then on keep what they
            // read of it and only look at its attributes (owner, mode, inode, size, times) again
            Thread.sleep(2_500);
            daemon.awaitCycleStartedAfter(Instant.now(), "idle with the secret kept",
                    r -> r.succeeded() && r.driftCount() == 0);

            Instant rotated = Instant.now();
            overwriteInPlace(secret, "secret-two\n");
            CycleReport reset = daemon.awaitCycleStartedAfter(rotated, "setting the new password",
                    r -> changed(r, "role.idbox"));
            assertThat(reset.server().drift().orElseThrow().changes().get(0).attributes())
                    .extracting(AttributeChange::name).containsExactly("password");
            assertThat(pg.psql(verifier)).isNotEqualTo(firstVerifier);
            daemon.awaitCycle("idle again", r -> r.succeeded() && r.driftCount() == 0);

            Path specFile = dir.resolve("spec.yaml");
            FileTime written = Files.getLastModifiedTime(specFile);
            Instant edited = Instant.now();
            overwriteInPlace(specFile, Files.readString(specFile).replace("createdb: false", "createdb: true "));
            Files.setLastModifiedTime(specFile, written);
            daemon.awaitCycleStartedAfter(edited, "granting createdb", r -> changed(r, "role.idbox"));
            assertThat(pg.psql("SELECT rolcreatedb FROM pg_roles WHERE rolname = 'idbox'")).isEqualTo("t");
        }
    }

    /**
     * A cycle after the one that applied the spec, which changes nothing, still says what those spec bytes changed; new
     * bytes start the list again. A push waiting for the daemon may read only the later report (the daemon starts a
     * cycle when it sees the file change and another on the push's SIGHUP), and took a changed box for a converged one.
     */
    @Test
    @PgVersion(16)
    void aLaterCycleOfTheSameSpecStillSaysWhatTheSpecChanged(PgCluster pg) {
        try (RunningDaemon daemon = RunningDaemon.start(pg, dir, Mode.ENFORCE, SPEC)) {
            CycleReport created = daemon.awaitCycle("creating the roles", r -> r.succeeded() && changed(r, "role.admin"));
            CycleReport idle = daemon.awaitCycle("idle", r -> r.number() > created.number() && r.succeeded()
                    && r.driftCount() == 0);

            assertThat(idle.server().changed()).isEmpty();
            assertThat(idle.changedForSpec()).extracting(c -> c.address().toString())
                    .containsExactlyElementsOf(created.server().changed().stream().map(c -> c.address().toString())
                            .toList())
                    .contains("role.admin", "role.idbox");

            daemon.replaceSpec(RunningDaemon.withConnection(pg, SPEC.replace("createrole: false", "createrole: true")));
            CycleReport edited = daemon.awaitCycle("the edited spec", r -> changed(r, "role.admin"));
            assertThat(edited.changedForSpec()).extracting(c -> c.address().toString()).containsExactly("role.admin");
        }
    }

    /** Writes over a file's bytes without truncating it first, so a cycle never reads it empty. */
    private static void overwriteInPlace(Path file, String sameLengthText) throws IOException {
        byte[] text = sameLengthText.getBytes(StandardCharsets.UTF_8);
        assertThat(text).hasSameSizeAs(Files.readAllBytes(file));
        Files.write(file, text, StandardOpenOption.WRITE);
    }

    /** An out-of-band change is undone by the spec in force while the file on disk is refused. */
    private static void healsWithTheLastGoodSpec(RunningDaemon daemon, PgCluster pg) {
        Instant drifted = Instant.now();
        pg.execute("ALTER ROLE admin CREATEROLE");
        daemon.awaitCycleStartedAfter(drifted, "healing with the last good spec",
                r -> changed(r, "role.admin") && r.specProblem().isPresent());
        assertThat(pg.psql(ADMIN_CREATEROLE)).isEqualTo("f");
    }

    private static boolean changed(CycleReport report, String address) {
        return report.server().changed().stream().anyMatch(c -> c.address().toString().equals(address));
    }

    static HttpResponse<String> get(MetricsServer endpoint, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
