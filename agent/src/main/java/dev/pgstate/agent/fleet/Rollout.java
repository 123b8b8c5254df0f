package dev.pgstate.agent.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order boxes are pushed to: the canary alone first, then the others in batches (each batch finished before the
 * next starts), at most {@code parallel} boxes changing at a time. No box is changed once more than the failure budget
 * has failed or the push was interrupted; boxes already changing are always waited for, never cut off.
 *
 * <p>Logging in, uploading beside the spec and planning change nothing on a box, so up to {@code parallel} boxes more
 * do them ahead of their turn (from the moment the canary has its turn): a box whose turn comes then applies at once,
 * rather than after its SSH handshake and plan. A box planned ahead whose turn never comes is left as it was, its
 * upload removed, and is reported not started. A canary that fails before its turn (unreachable, refused) stops the
 * others before any connection to them.
 */
public final class Rollout {

    /** What the display hears; called from the rollout's threads. */
    public interface Listener extends BoxPush.Progress {
        void started(Box box, boolean canary);

        void finished(BoxResult result);

        /** Once, when the rollout stops starting boxes. */
        void stopping(String why);
    }

    /**
     * Which box is pushed to alone before the others: the first, one named, or none at all (every box goes in the
     * batches, the first {@code parallel} at once).
     */
    public sealed interface Canary {
        Canary FIRST = new First();
        Canary NONE = new None();

        static Canary named(String box) {
            return new Named(box);
        }

        /**
         * The box among {@code boxes} (in inventory order) pushed to alone, if any.
         *
         * @throws IllegalArgumentException when a named canary is not one of the boxes
         */
        Optional<Box> among(List<Box> boxes);

        record First() implements Canary {
            @Override
            public Optional<Box> among(List<Box> boxes) {
                return boxes.stream().findFirst();
            }
        }

        record Named(String box) implements Canary {
            @Override
            public Optional<Box> among(List<Box> boxes) {
                return Optional.of(boxes.stream().filter(candidate -> candidate.name().equals(box)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "--canary " + box + " is not one of the boxes pushed to")));
            }
        }

        record None() implements Canary {
            @Override
            public Optional<Box> among(List<Box> boxes) {
                return Optional.empty();
            }
        }
    }

    /** How boxes are rolled out. {@code batch} and {@code maxFailures} empty: one batch, no limit. */
    public record Options(int parallel, Canary canary, Optional<Share> batch, Optional<Share> maxFailures) {
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
        Optional<Box> canary = options.canary().among(boxes);
        canary.ifPresent(boxes::remove);
        int budget = options.maxFailures().map(share -> share.of(specs.size())).orElse(Integer.MAX_VALUE);
        int batchSize = Math.max(1, options.batch().map(share -> share.of(specs.size())).orElse(boxes.size()));
        List<List<Box>> batches = new ArrayList<>();
        canary.ifPresent(box -> batches.add(List.of(box)));
        for (int from = 0; from < boxes.size(); from += batchSize) {
            batches.add(boxes.subList(from, Math.min(boxes.size(), from + batchSize)));
        }
        Turns turns = new Turns(options.parallel(), batches, budget, canary.isPresent());
        Map<Box, BoxResult> results = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2 * options.parallel(), runnable -> {
            Thread thread = new Thread(runnable, "push");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<BoxResult>> running = new ArrayList<>();
            for (int batch = 0; batch < batches.size(); batch++) {
                for (Box box : batches.get(batch)) {
                    boolean isCanary = canary.isPresent() && box == canary.get();
                    if (!isCanary) {
                        awaitUninterruptibly(turns.canaryHadItsTurn);
                    }
                    turns.ahead.acquireUninterruptibly();
                    Optional<String> stop = stopReason(budget);
                    if (stop.isPresent()) {
                        turns.ahead.release();
                        turns.batchesDone.get(batch).countDown();
                        results.put(box, notStarted(box, stop.get()));
                        continue;
                    }
                    Turns.OfBox turn = turns.new OfBox(batch, isCanary);
                    listener.started(box, isCanary);
                    running.add(pool.submit(() -> pushed(box, specs.get(box), turn)));
                }
            }
            for (Future<BoxResult> future : running) {
                BoxResult result = waitFor(future);
                results.put(result.box(), result);
            }
        } finally {
            pool.shutdown();
        }
        return specs.keySet().stream().map(results::get).toList();
    }

    /** Pushes to one box; whatever happens, the boxes after it are let go (its failure counted first). */
    private BoxResult pushed(Box box, String spec, Turns.OfBox turn) {
        try {
            BoxResult result = push.push(box, spec, listener, turn);
            if (result.status().failed() && result.status() != BoxResult.Status.NOT_STARTED) {
                failures.incrementAndGet();
            }
            listener.finished(result);
            return result;
        } finally {
            turn.done();
        }
    }

    /** Why no box is to be started or changed any more, once the push was interrupted or failed too often. */
    private Optional<String> stopReason(int budget) {
        Optional<String> stop = interrupted.get() ? Optional.of("the push was interrupted")
                : failures.get() > budget ? Optional.of(failures.get() + " boxes failed, more than --max-failures "
                + options.maxFailures().orElseThrow() + " allows") : Optional.empty();
        if (stop.isPresent() && stopped.compareAndSet(false, true)) {
            listener.stopping(stop.get());
        }
        return stop;
    }

    private BoxResult notStarted(Box box, String why) {
        BoxResult skipped = BoxResult.notStarted(box, "not started: " + why);
        listener.finished(skipped);
        return skipped;
    }

    /**
     * Whose turn it is: {@code ahead} permits the boxes logged in to but not yet at their turn, {@code changing} the
     * boxes at theirs (both {@code parallel}, fair, so boxes go in order); a box's turn comes once every batch before
     * its own is done.
     */
    private final class Turns {
        private final Semaphore ahead;
        private final Semaphore changing;
        private final List<CountDownLatch> batchesDone = new ArrayList<>();
        /** Counted down when the canary has its turn or is done without one; open from the start without one. */
        private final CountDownLatch canaryHadItsTurn;
        private final int budget;

        Turns(int parallel, List<List<Box>> batches, int budget, boolean withCanary) {
            this.canaryHadItsTurn = new CountDownLatch(withCanary ? 1 : 0);
            this.ahead = new Semaphore(parallel, true);
            this.changing = new Semaphore(parallel, true);
            this.budget = budget;
            batches.forEach(batch -> batchesDone.add(new CountDownLatch(batch.size())));
        }

        /** One box's turn, and the permits it holds. */
        final class OfBox implements BoxPush.Turn {
            private final int batch;
            private final boolean canary;
            private boolean holdsAhead = true;
            private boolean holdsChanging;

            OfBox(int batch, boolean canary) {
                this.batch = batch;
                this.canary = canary;
            }

            @Override
            public Optional<String> await() {
                for (int before = 0; before < batch; before++) {
                    awaitUninterruptibly(batchesDone.get(before));
                }
                changing.acquireUninterruptibly();
                holdsChanging = true;
                ahead.release();
                holdsAhead = false;
                if (canary) {
                    canaryHadItsTurn.countDown();
                }
                return stopReason(budget);
            }

            /**
             * The box's push is over: its permits are given back, its batch hears of it, and, for the canary, the
             * boxes waiting to start.
             */
            void done() {
                if (holdsChanging) {
                    changing.release();
                }
                if (holdsAhead) {
                    ahead.release();
                }
                batchesDone.get(batch).countDown();
                if (canary) {
                    canaryHadItsTurn.countDown();
                }
            }
        }
    }

    /** Waits for {@code latch} to the end: Ctrl-C is a flag the rollout reads, not a thread interrupt. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interruptedMeanwhile = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interruptedMeanwhile = true;
            }
        }
        if (interruptedMeanwhile) {
            Thread.currentThread().interrupt();
        }
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
