package dev.pgstate.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.IssuedTls;
import dev.pgstate.model.spec.TlsCaSpec;
import dev.pgstate.reconcilers.kind.tls.CaStore;
import dev.pgstate.reconcilers.kind.tls.CertificateAuthority;
import dev.pgstate.reconcilers.kind.tls.Fingerprint;
import dev.pgstate.reconcilers.kind.tls.Pem;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --out FILE} then {@code apply FILE}: an unchanged plan applies and converges; one whose spec, server
 * objects or pg_hba.conf moved meanwhile is refused with exit 1, naming what moved, and nothing is applied; a plan
 * file that was edited, is open to others or is a link is refused with exit 65; and the file holds no secret.
 * A password whose secret file changed between plan and apply is set from that file as it is at apply (the plan
 * says "set from the source", never which value) when the plan set it anyway, and refused when it did not.
 */
class SavedPlanIT {

    private static final String FIRST = "saved-plan-first-secret";
    private static final String SECOND = "saved-plan-second-secret";
    private static final String THIRD = "saved-plan-third-secret";
    private static final String FOURTH = "saved-plan-fourth-secret";

    @TempDir
    Path dir;

    private PgCluster pg;
    private Path secret;
    private Path spec;

    private void setUp(PgCluster cluster) throws IOException {
        pg = cluster;
        secret = dir.resolve("app.secret");
        writeSecret(FIRST);
        spec = Files.writeString(dir.resolve("spec.yaml"), String.join("\n",
                "roles:",
                "  - {name: app, login: true, password: {file: " + secret + "}}",
                "databases:",
                "  - {name: appdb, owner: app}",
                "hba:",
                "  ownership: managed-block",
                "  position: top",
                "  rules:",
                "    - {type: host, databases: [appdb], users: [app], address: 127.0.0.1/32, method: scram-sha-256}",
                ""));
    }

    @AcrossPgVersions
    void anUnchangedPlanAppliesOnceAndItsPasswordComesFromTheSourceAtApply(PgCluster cluster) throws Exception {
        setUp(cluster);
        Path first = dir.resolve("first.plan");
        assertExit(run("plan", "--spec", spec.toString(), "--out", first.toString()), 2)
                .out().contains("Saved the plan to " + first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first))).isEqualTo("rw-------");

        assertExit(run("apply", first.toString()), 0);
        assertExit(run("plan", "--spec", spec.toString()), 0);
        assertThat(logsIn(FIRST)).isTrue();
        List<String> planFiles = new ArrayList<>(List.of(Files.readString(first)));
        List<String> verifiers = new ArrayList<>(verifierParts());

        AgentRun again = assertExit(run("apply", first.toString()), 1);
        assertThat(again.err()).contains("error: the saved plan " + first + " is stale, nothing was applied; plan again:")
                .contains("error:   role.app appeared since the plan was made")
                .contains("error:   database.appdb appeared since the plan was made")
                .contains("error:   hba.file changed since the plan was made");

        // the plan sets the password from the file; the file changes again before apply: apply sets it from there
        writeSecret(SECOND);
        Path rotate = dir.resolve("rotate.plan");
        assertExit(run("plan", "--spec", spec.toString(), "--out", rotate.toString()), 2);
        writeSecret(THIRD);
        assertExit(run("apply", rotate.toString()), 0);
        assertThat(logsIn(THIRD)).isTrue();
        assertThat(logsIn(SECOND)).isFalse();
        planFiles.add(Files.readString(rotate));
        verifiers.addAll(verifierParts());

        // the plan leaves the password as it is; the file changes before apply: the plan made then differs
        Path clean = dir.resolve("clean.plan");
        assertExit(run("plan", "--spec", spec.toString(), "--out", clean.toString()), 0);
        writeSecret(FOURTH);
        AgentRun refused = assertExit(run("apply", clean.toString()), 1);
        assertThat(refused.err()).contains("error:   the plan made now differs from the saved one");
        assertThat(logsIn(THIRD)).isTrue();
        planFiles.add(Files.readString(clean));

        String saved = String.join("\n", planFiles);
        for (String secretText : List.of(FIRST, SECOND, THIRD, FOURTH)) {
            assertThat(saved).as("a plan file holds a secret").doesNotContain(secretText);
        }
        assertThat(verifiers).hasSizeGreaterThanOrEqualTo(6);
        for (String part : verifiers) {
            assertThat(saved).as("a plan file holds part of a verifier").doesNotContain(part);
        }
    }

    @AcrossPgVersions
    void aRoleAlteredOrMadeBehindTheAgentsBackStopsThePlan(PgCluster cluster) throws Exception {
        setUp(cluster);
        // SCRAM on 11 too, whose default is md5 (an md5 hash is not read, so only planning again would see it)
        pg.execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE app NOLOGIN PASSWORD 'before-the-plan'");
        Path plan = dir.resolve("app.plan");
        assertExit(run("plan", "--spec", spec.toString(), "--out", plan.toString()), 2);
        pg.execute("SET password_encryption = 'scram-sha-256'; ALTER ROLE app PASSWORD 'behind-the-agents-back'");
        assertThat(assertExit(run("apply", plan.toString()), 1).err())
                .contains("error:   role.app changed since the plan was made");

        assertExit(run("plan", "--spec", spec.toString(), "--out", plan.toString()), 2);
        pg.execute("ALTER ROLE app CONNECTION LIMIT 5");
        pg.execute("CREATE ROLE bystander");
        AgentRun refused = assertExit(run("apply", plan.toString()), 1);
        assertThat(refused.err()).contains("error:   role.app changed since the plan was made")
                .contains("error:   role.bystander appeared since the plan was made")
                .doesNotContain("database.appdb");
        assertThat(pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'appdb'")).isEqualTo("0");
        assertThat(pg.psql("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'app'")).isEqualTo("f");
        assertThat(Files.readString(pg.hbaFile())).doesNotContain("appdb");
    }

    @AcrossPgVersions
    void anEditedSpecOrHbaFileOrPlanFileStopsThePlan(PgCluster cluster) throws Exception {
        setUp(cluster);
        Path nowhere = dir.resolve("no-such-directory").resolve("edits.plan");
        assertThat(assertExit(run("plan", "--spec", spec.toString(), "--out", nowhere.toString()), 1).err())
                .isEqualTo("error: cannot write the plan file " + nowhere + ": no such file or directory: "
                        + nowhere.getParent() + "\n"); // once "…: java.nio.file.NoSuchFileException: …"
        Path plan = dir.resolve("edits.plan");
        assertExit(run("plan", "--spec", spec.toString(), "--out", plan.toString()), 2);

        String original = Files.readString(spec);
        Files.writeString(spec, original + "# edited\n");
        assertThat(assertExit(run("apply", plan.toString()), 1).err())
                .contains("error:   the spec " + spec + " changed since the plan was made");
        Files.writeString(spec, original);

        String hba = Files.readString(pg.hbaFile());
        Files.writeString(pg.hbaFile(), hba + "# edited behind the agent's back\n");
        assertThat(assertExit(run("apply", plan.toString()), 1).err())
                .contains("error:   hba.file changed since the plan was made");
        Files.writeString(pg.hbaFile(), hba);

        String saved = Files.readString(plan);
        Files.writeString(plan, saved.replace("\"create\"", "\"delete\""));
        assertThat(assertExit(run("apply", plan.toString()), 65).err()).isEqualTo("error: plan file " + plan
                + " refused: its seal does not match: it was changed after plan wrote it, or written with another "
                + "state directory\n");
        Files.writeString(plan, saved);

        Files.setPosixFilePermissions(plan, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(assertExit(run("apply", plan.toString()), 65).err()).startsWith("error: plan file " + plan
                + " refused: ").contains("open to group or others");
        Files.setPosixFilePermissions(plan, PosixFilePermissions.fromString("rw-------"));

        Path link = Files.createSymbolicLink(dir.resolve("link.plan"), plan);
        assertThat(assertExit(run("apply", link.toString()), 65).err()).startsWith("error: plan file " + link
                + " refused: it is a symbolic link");
        assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'app'")).isEqualTo("0");

        // everything back as it was: the saved plan applies
        assertExit(run("apply", plan.toString()), 0);
        assertExit(run("plan", "--spec", spec.toString()), 0);
    }

    /**
     * A plan that creates the CA and issues the server certificate is saved as what to issue (names, validity, the
     * issuing CA), never a key, changes nothing in the state directory, and apply issues exactly that; a plan made
     * from a CA that was replaced before apply is stale. The TLS files are digested: a key whose mode changed stops
     * the plan.
     */
    @AcrossPgVersions
    void aPlanThatIssuesACertificateIsSavedAsItsRequestAndAppliedUnlessTheCaMoved(PgCluster cluster) throws Exception {
        setUp(cluster);
        IssuedTls.clean(pg);
        Path pki = Files.createDirectories(dir.resolve("pki"));
        Files.writeString(spec, Files.readString(spec) + IssuedTls.section("{create: true}", pki));
        Path plan = dir.resolve("tls.plan");
        assertExit(run("plan", "--spec", spec.toString(), "--out", plan.toString()), 2);
        assertThat(Files.readString(plan)).contains("new certificate for DNS:localhost, IP:127.0.0.1 from a new CA "
                + "CN=pgstate CA, valid 397 days from apply, new key");
        assertThat(pki.resolve("tls")).as("a plan keeps no CA").doesNotExist();

        assertExit(run("apply", plan.toString()), 0);
        assertExit(run("plan", "--spec", spec.toString()), 0);
        CertificateAuthority ca = new CaStore(pki).read();
        Pem.certificates(Files.readString(pg.dataDir().resolve("server.crt"))).get(0).verify(ca.publicKey());
        Path key = pg.dataDir().resolve("server.key");
        String saved = Files.readString(plan);
        assertThat(saved).doesNotContain("PRIVATE KEY");
        Files.readString(key).lines().filter(line -> line.length() >= 20)
                .forEach(line -> assertThat(saved).as("a plan file holds key material").doesNotContain(line));

        Files.delete(pg.dataDir().resolve("server.crt"));
        assertExit(run("plan", "--spec", spec.toString(), "--out", plan.toString()), 2);
        assertThat(Files.readString(plan)).contains("from CA CN=pgstate CA " + Fingerprint.of(ca.certificate()));
        Path aside = pki.resolve("tls-aside");
        Files.move(pki.resolve("tls"), aside);
        new CaStore(pki).inUse(new TlsCaSpec(true, null, null, null, null), Instant.now()).changes().commit();
        assertThat(assertExit(run("apply", plan.toString()), 1).err())
                .contains("error:   the plan made now differs from the saved one");
        assertThat(pg.dataDir().resolve("server.crt")).doesNotExist();
        try (Stream<Path> another = Files.walk(pki.resolve("tls"))) {
            for (Path file : another.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        Files.move(aside, pki.resolve("tls"));

        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(key));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(assertExit(run("apply", plan.toString()), 1).err())
                .contains("error:   tls.file.ssl_key_file changed since the plan was made");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-r-----");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
        assertExit(run("apply", plan.toString()), 0);
        Pem.certificates(Files.readString(pg.dataDir().resolve("server.crt"))).get(0).verify(ca.publicKey());
        assertExit(run("plan", "--spec", spec.toString()), 0);
    }

    /** Plan and apply in two JVMs: nothing in the file may depend on one process's hash order. */
    @AcrossPgVersions
    void aPlanMadeByAnotherProcessApplies(PgCluster cluster) throws Exception {
        setUp(cluster);
        for (int i = 1; i <= 6; i++) {
            pg.execute("CREATE ROLE bystander" + i);
            pg.execute("CREATE DATABASE otherdb" + i);
        }
        Files.writeString(spec, Files.readString(spec).replace("\ndatabases:\n", String.join("\n", "",
                "  - {name: reader, member_of: [app]}",
                "  - {name: writer, member_of: [app, reader]}",
                "  - {name: auditor, member_of: [reader]}",
                "databases:",
                "  - {name: reportdb, owner: reader}",
                "  - {name: auditdb, owner: auditor}", ""))
                + "server:\n  settings: {work_mem: 8MB, maintenance_work_mem: 96MB}\n");
        Path plan = dir.resolve("other-process.plan");
        List<String> planArgs = new ArrayList<>(List.of("plan", "--spec", spec.toString(), "--out", plan.toString()));
        AgentRun planned = AgentRun.inOwnJvm(dir, Arrays.asList(onServer(planArgs.toArray(String[]::new))));
        assertExit(planned, 2);

        assertExit(run("apply", plan.toString()), 0);
        assertExit(run("plan", "--spec", spec.toString()), 0);
    }

    private String[] onServer(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--state-directory", dir.resolve("state").toString()));
        return AgentRun.onServer(pg, all.toArray(String[]::new));
    }

    private AgentRun run(String... args) {
        return AgentRun.agent(onServer(args));
    }

    private static AgentRun assertExit(AgentRun run, int exitCode) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exitCode);
        return run;
    }

    private void writeSecret(String text) throws IOException {
        Files.writeString(secret, text + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    }

    private boolean logsIn(String password) {
        try (Connection ignored = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pg.port() + "/appdb", "app", password)) {
            return true;
        } catch (SQLException refused) {
            return false;
        }
    }

    /** The salt and both keys of every stored verifier, each long enough to be unmistakable. */
    private List<String> verifierParts() {
        return Arrays.stream(pg.psql("SELECT string_agg(rolpassword, ' ') FROM pg_authid WHERE rolpassword IS NOT NULL")
                .split("[ $:]")).filter(part -> part.length() >= 20).toList();
    }
}
