package dev.pgstate.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wall-clock timing of a piece of work, and the median of repeated runs. */
final class Timing {

    /** Work that may fail with any exception; the benchmark stops on the first failure. */
    interface Work {
        void run() throws Exception;
    }

    private Timing() {
    }

    static double millis(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    static double medianMillis(int runs, Work work) throws Exception {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(millis(work));
        }
        Collections.sort(samples);
        return samples.get(samples.size() / 2);
    }
}
