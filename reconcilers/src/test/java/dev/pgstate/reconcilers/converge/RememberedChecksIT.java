package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.PasswordSource.External;
import dev.pgstate.model.spec.PasswordSource.Origin;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.role.PasswordCheck;
import dev.pgstate.reconcilers.kind.role.PasswordVerdicts;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.state.KeyedDirectory;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.kind.role.RememberedChecks;
import dev.pgstate.reconcilers.registry.Kinds;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password checks remembered in the state directory across processes (each process here is a new planner reading
 * the same directory, as a new {@code plan} command would): a converged server costs no PBKDF2, and anything that
 * changed — the secret, the stored verifier, the role itself, the remembered file — costs a real check with the
 * verdict the server's own verifier gives.
 */
class RememberedChecksIT {

    private static final int ROLES = 4;

    @TempDir
    Path dir;

    private final AtomicInteger pbkdf2Runs = new AtomicInteger();

    @AcrossPgVersions
    void aNewProcessChecksOnlyWhatChangedSinceTheLastSuccessfulCheck(PgCluster pg) throws Exception {
        Path state = dir.resolve("state");
        Spec spec = Spec.builder().roles(IntStream.range(0, ROLES).mapToObj(i -> login(user(i))).toList()).build();
        IntStream.range(0, ROLES).forEach(i -> secret(user(i), "secret " + i));
        assertThat(newProcess(pg, state).apply(spec, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(pbkdf2Runs).as("the apply made every verifier itself").hasValue(0);

        assertThat(planInNewProcess(pg, state, spec).hasChanges()).isFalse();
        assertThat(pbkdf2Runs).as("a second process, nothing changed").hasValue(0);

        secret(user(0), "rotated");
        assertThat(differing(planInNewProcess(pg, state, spec))).containsExactly("role.app0");
        assertThat(pbkdf2Runs).as("the rotated secret only").hasValue(1);
        assertThat(newProcess(pg, state).apply(spec, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(planInNewProcess(pg, state, spec).hasChanges()).isFalse();
        assertThat(pbkdf2Runs).as("the apply's new verifier is remembered").hasValue(1);

        // the same password set behind the agent's back: a new salt, so a new verifier to check, and it matches
        String scram = "SET password_encryption = 'scram-sha-256'; ";
        pg.execute(scram + "ALTER ROLE app1 PASSWORD 'secret 1'");
        assertThat(planInNewProcess(pg, state, spec).hasChanges()).isFalse();
        assertThat(pbkdf2Runs).hasValue(2);
        pg.execute(scram + "ALTER ROLE app1 PASSWORD 'set by hand'");
        assertThat(differing(planInNewProcess(pg, state, spec))).containsExactly("role.app1");
        assertThat(pbkdf2Runs).hasValue(3);
        assertThat(differing(planInNewProcess(pg, state, spec))).as("a remembered mismatch is still a mismatch")
                .containsExactly("role.app1");
        assertThat(pbkdf2Runs).hasValue(3);

        pg.execute("DROP ROLE app2; " + scram + "CREATE ROLE app2 LOGIN PASSWORD 'other'");
        assertThat(differing(planInNewProcess(pg, state, spec))).containsExactly("role.app1", "role.app2");
        assertThat(pbkdf2Runs).as("the role made again").hasValue(4);
        pg.execute("DROP ROLE app2; " + scram + "CREATE ROLE app2 LOGIN PASSWORD 'secret 2'");
        pg.execute(scram + "ALTER ROLE app1 PASSWORD 'secret 1'");
        assertThat(planInNewProcess(pg, state, spec).hasChanges()).isFalse();
        assertThat(pbkdf2Runs).as("both made again, with the spec's passwords").hasValue(6);

        Path checks = state.resolve(RememberedChecks.CHECKS_FILE);
        String intact = Files.readString(checks);
        char first = intact.split("\n")[1].charAt(0);
        Files.writeString(checks, intact.replaceFirst("\n" + first, "\n" + (first == 'A' ? 'B' : 'A')));
        assertThat(planInNewProcess(pg, state, spec).hasChanges()).isFalse();
        assertThat(pbkdf2Runs).as("a tampered file is not trusted: every role checked").hasValue(6 + ROLES);
        assertThat(Files.readString(checks)).as("and it is replaced").isEqualTo(intact);

        Files.write(checks, intact.substring(0, intact.length() / 2).getBytes(StandardCharsets.US_ASCII));
        secret(user(3), "rotated");
        assertThat(differing(planInNewProcess(pg, state, spec))).containsExactly("role.app3");
        assertThat(pbkdf2Runs).as("a truncated file is not trusted: every role checked").hasValue(6 + 2 * ROLES);
        assertThat(differing(planInNewProcess(pg, state, spec))).containsExactly("role.app3");
        assertThat(pbkdf2Runs).hasValue(6 + 2 * ROLES);
    }

    private Plan planInNewProcess(PgCluster pg, Path state, Spec spec) throws IOException, SQLException {
        return newProcess(pg, state).plan(spec);
    }

    /** What a new process would do: a planner that knows only what the state directory holds. */
    private Converger newProcess(PgCluster pg, Path state) throws IOException {
        Planner planner = new Planner(Kinds.planInputs(new PasswordVerdicts((plaintext, stored) -> {
            pbkdf2Runs.incrementAndGet();
            return PasswordCheck.SCRAM.matches(plaintext, stored);
        }, PasswordVerdicts.Spread.ALL_CORES, RememberedChecks.in(KeyedDirectory.in(state)))));
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", pg.port(), pg.superuser(), "postgres", null,
                "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), planner);
    }

    private static List<String> differing(Plan plan) {
        return plan.changes().stream().map(Change::address).map(Object::toString).toList();
    }

    private RoleSpec login(String name) {
        return RoleSpec.builder(name).login(true)
                .password(new External(Origin.FILE, dir.resolve(name).toString(), null)).build();
    }

    private void secret(String role, String password) {
        try {
            Path file = dir.resolve(role);
            Files.writeString(file, password);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String user(int i) {
        return "app" + i;
    }
}
