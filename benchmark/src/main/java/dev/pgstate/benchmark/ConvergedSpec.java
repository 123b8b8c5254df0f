package dev.pgstate.benchmark;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.secret.SecretResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A benchmark spec written to a file and the server made to match it in-process, from a reset: for the measurements
 * that need only a converged server, which the agent converges far faster in-process than a whole run gets there.
 *
 * @param convergeMs how long the in-process apply took
 */
record ConvergedSpec(Path file, double convergeMs) {

    /** What is measured on a server converged to one size and variant. */
    interface Measurement<R> {
        R on(ConvergedSpec converged, int size, Variant variant) throws Exception;
    }

    /** {@code measurement} for each size and variant in turn, each on the server converged to it; says which on stderr. */
    static <R> List<R> eachSizeAndVariant(BenchmarkServer server, Path workDir, List<Integer> sizes, String what,
                                          Measurement<R> measurement) throws Exception {
        List<R> rows = new ArrayList<>();
        for (int size : sizes) {
            for (Variant variant : Variant.values()) {
                System.err.println(what + ": " + size + " login roles, " + variant.label() + "…");
                rows.add(measurement.on(on(server, workDir, size, variant), size, variant));
            }
        }
        return rows;
    }

    static ConvergedSpec on(BenchmarkServer server, Path workDir, int size, Variant variant) throws Exception {
        Path specFile = SpecGenerator.write(workDir, size, variant);
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
