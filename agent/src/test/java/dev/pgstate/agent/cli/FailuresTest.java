package dev.pgstate.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.apply.ConcurrentApplyException;
import dev.pgstate.reconcilers.core.apply.EffectFailedException;
import dev.pgstate.reconcilers.core.connect.ConnectionException;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.secret.SecretException;
import dev.pgstate.reconcilers.kind.tls.TlsMaterialException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void theEnginesKindOwnsTheExitCodeAndTheMessageIsShownAsItIs() {
        assertClassified(new PlanningException(List.of("role.a: owner \"x\" does not exist")), ExitCode.INVALID_SPEC,
                "role.a: owner \"x\" does not exist");
        assertClassified(new SecretException(List.of("role.app: /run/secret is readable by others")),
                ExitCode.RUNTIME_ERROR, "role.app: /run/secret is readable by others");
        assertClassified(new ConnectionException("cannot connect to 127.0.0.1:1 as postgres", null),
                ExitCode.RUNTIME_ERROR, "cannot connect to 127.0.0.1:1 as postgres");
        assertClassified(new ConcurrentApplyException(Duration.ofMillis(1500), null), ExitCode.RUNTIME_ERROR,
                "another pgstate agent is applying to this cluster (waited 1.5 s)");
        assertClassified(new EffectFailedException(Effect.RELOAD, "the server did not reload", null),
                ExitCode.RUNTIME_ERROR, "the server did not reload");
        assertClassified(new TlsMaterialException("server.key is not a private key"), ExitCode.RUNTIME_ERROR,
                "server.key is not a private key");
    }

    @Test
    void aServerErrorIsDescribedWithItsSqlState() {
        assertClassified(new SQLException("role \"x\" does not exist", "42704"), ExitCode.RUNTIME_ERROR,
                "role \"x\" does not exist (SQLSTATE 42704)");
    }

    private static void assertClassified(Throwable failure, ExitCode code, String message) {
        AgentException classified = Failures.classify(failure);
        assertThat(classified.exitCode()).isEqualTo(code);
        assertThat(classified.getMessage()).isEqualTo(message);
    }
}
