package dev.pgstate.agent.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order boxes are pushed to: the canary alone first, then the others in batches (each batch finished before the
 * next starts), at most {@code parallel} boxes at a time. No box is started once more than the failure budget has
 * failed or the push was interrupted; boxes already in flight are always waited for, never cut off.
 */
public final class Rollout {

    /** What the display hears; called from the rollout's threads. */
    public interface Listener extends BoxPush.Progress {
        void started(Box box, boolean canary);

        void finished(BoxResult result);

        /** Once, when the rollout stops starting boxes. */
        void stopping(String why);
    }

    /** How boxes are rolled out. {@code batch} and {@code maxFailures} empty: one batch, no limit. */
    public record Options(int parallel, Optional<String> canary, Optional<Share> batch, Optional<Share> maxFailures) {
        public Options {
            if (parallel < 1) {
                throw new IllegalArgumentException("--parallel must be 1 or more");
            }
        }
    }

    private final BoxPush push;
    private final Options options;
    private final Listener listener;
    private final AtomicBoolean interrupted;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();

    /** @param interrupted set (by Ctrl-C) to stop starting boxes */
    public Rollout(BoxPush push, Options options, Listener listener, AtomicBoolean interrupted) {
        this.push = push;
        this.options = options;
        this.listener = listener;
        this.interrupted = interrupted;
    }

    /**
     * Pushes {@code specs} (rendered per box, in inventory order) and returns one result per box, in that order.
     *
     * @throws IllegalArgumentException when the canary is not one of the boxes
     */
    public List<BoxResult> run(Map<Box, String> specs) {
        List<Box> boxes = new ArrayList<>(specs.keySet());
        Box canary = options.canary().map(name -> boxes.stream().filter(box -> box.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--canary " + name + " is not one of the boxes pushed to")))
                .orElse(boxes.get(0));
        boxes.remove(canary);
        int budget = options.maxFailures().map(share -> share.of(specs.size())).orElse(Integer.MAX_VALUE);
        int batchSize = Math.max(1, options.batch().map(share -> share.of(specs.size())).orElse(boxes.size()));
        Map<Box, BoxResult> results = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallel(), runnable -> {
            Thread thread = new Thread(runnable, "push");
            thread.setDaemon(true);
            return thread;
        });
        try {
            runBatch(pool, List.of(canary), true, specs, budget, results);
            for (int from = 0; from < boxes.size(); from += batchSize) {
                runBatch(pool, boxes.subList(from, Math.min(boxes.size(), from + batchSize)), false, specs, budget,
                        results);
            }
        } finally {
            pool.shutdown();
        }
        return specs.keySet().stream().map(results::get).toList();
    }

    private void runBatch(ExecutorService pool, List<Box> batch, boolean canary, Map<Box, String> specs, int budget,
            Map<Box, BoxResult> results) {
        List<Future<BoxResult>> running = new ArrayList<>();
        for (Box box : batch) {
            running.add(pool.submit(() -> pushUnlessStopped(box, canary, specs.get(box), budget)));
        }
        for (Future<BoxResult> future : running) {
            BoxResult result = waitFor(future);
            synchronized (results) {
                results.put(result.box(), result);
            }
        }
    }

    /** Decided when a thread is free for the box, so a failure meanwhile is counted. */
    private BoxResult pushUnlessStopped(Box box, boolean canary, String spec, int budget) {
        Optional<String> stop = interrupted.get() ? Optional.of("the push was interrupted")
                : failures.get() > budget ? Optional.of(failures.get() + " boxes failed, more than --max-failures "
                + options.maxFailures().orElseThrow() + " allows") : Optional.empty();
        if (stop.isPresent()) {
            if (stopped.compareAndSet(false, true)) {
                listener.stopping(stop.get());
            }
            BoxResult skipped = BoxResult.notStarted(box, "not started: " + stop.get());
            listener.finished(skipped);
            return skipped;
        }
        listener.started(box, canary);
        BoxResult result = push.push(box, spec, listener);
        if (result.status().failed()) {
            failures.incrementAndGet();
        }
        listener.finished(result);
        return result;
    }

    /** Boxes in flight are finished, not abandoned: an interrupt is kept for later, not obeyed here. */
    private static BoxResult waitFor(Future<BoxResult> future) {
        boolean interruptedMeanwhile = false;
        while (true) {
            try {
                BoxResult result = future.get();
                if (interruptedMeanwhile) {
                    Thread.currentThread().interrupt();
                }
                return result;
            } catch (InterruptedException e) {
                interruptedMeanwhile = true;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a box's push failed unexpectedly", e.getCause());
            }
        }
    }
}
