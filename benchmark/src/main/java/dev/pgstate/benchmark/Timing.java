package dev.pgstate.benchmark;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wall-clock (and process CPU) timing of a piece of work, and the median of repeated runs. */
final class Timing {

    /** Work that may fail with any exception; the benchmark stops on the first failure. */
    interface Work {
        void run() throws Exception;
    }

    /**
     * Wall time and the CPU time of this whole process meanwhile: work spread over several cores shows more CPU
     * than wall time.
     */
    record WallAndCpu(double wallMs, double cpuMs) {
    }

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Timing() {
    }

    static double millis(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    static WallAndCpu wallAndCpu(Work work) throws Exception {
        long cpuStart = OS.getProcessCpuTime();
        double wallMs = millis(work);
        return new WallAndCpu(wallMs, (OS.getProcessCpuTime() - cpuStart) / 1e6);
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
