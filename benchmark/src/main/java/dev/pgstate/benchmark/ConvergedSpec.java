package dev.pgstate.benchmark;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.secret.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A benchmark spec written to a file and the server made to match it in-process, from a reset: for the measurements
 * that need only a converged server, which the agent converges far faster in-process than a whole run gets there.
 *
 * @param convergeMs how long the in-process apply took
 */
record ConvergedSpec(Path file, double convergeMs) {

    static ConvergedSpec on(BenchmarkServer server, Path workDir, int size, Variant variant) throws Exception {
        SpecGenerator generator = new SpecGenerator(size, variant, SecretFiles.write(workDir.resolve("secrets"), size));
        Path specFile = workDir.resolve("spec-" + size + "-" + variant.name().toLowerCase() + ".yaml");
        Files.writeString(specFile, generator.yaml());
        Spec spec = Specs.load(specFile);
        server.reset();
        Converger converger = new Converger(server.connector(), Duration.ofSeconds(60),
                new SecretResolver(Map.of(), Optional.empty()), new Planner());
        ConvergeResult[] applied = new ConvergeResult[1];
        double convergeMs = Timing.millis(() -> applied[0] = converger.apply(spec, ApplyListener.NONE));
        if (applied[0].outcome() != ConvergeResult.Outcome.CONVERGED) {
            throw new IllegalStateException("the apply before the measurement did not converge");
        }
        return new ConvergedSpec(specFile, convergeMs);
    }
}
