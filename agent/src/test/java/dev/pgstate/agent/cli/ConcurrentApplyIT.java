package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;

/** Two agents applying the same spec at once: the advisory lock makes one wait, and the second finds nothing to do. */
class ConcurrentApplyIT {

    @AcrossPgVersions
    void bothSucceedAndTheServerConverges(PgCluster pg, @TempDir Path dir) throws IOException {
        Path spec = dir.resolve("many.yaml");
        Files.writeString(spec, "roles:\n" + IntStream.rangeClosed(1, 20)
                .mapToObj(i -> "  - name: worker" + i + "\n    login: true\n").collect(Collectors.joining())
                + "databases:\n  - name: workdb\n    owner: worker1\n");

        CompletableFuture<AgentRun> one = CompletableFuture.supplyAsync(() -> agentOn(pg, "apply", "--spec", spec.toString()));
        CompletableFuture<AgentRun> two = CompletableFuture.supplyAsync(() -> agentOn(pg, "apply", "--spec", spec.toString()));
        List<AgentRun> runs = List.of(one.join(), two.join());

        assertThat(runs).allSatisfy(run -> {
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).doesNotContain("error");
        });
        assertThat(runs).extracting(run -> run.out().contains("Apply complete! 21 added, 0 changed, 0 destroyed."))
                .containsExactlyInAnyOrder(true, false);
        assertThat(runs).extracting(run -> run.out().contains("No changes. The server matches the spec."))
                .containsExactlyInAnyOrder(true, false);
        assertThat(agentOn(pg, "plan", "--spec", spec.toString()).exitCode()).isZero();
    }
}
