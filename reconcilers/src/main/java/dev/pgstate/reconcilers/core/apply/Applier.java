package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.apply.ApplyResult.Failure;
import dev.pgstate.reconcilers.core.connect.ConnectionException;
import dev.pgstate.reconcilers.core.failure.FailureCause;
import dev.pgstate.reconcilers.core.failure.LocalFault;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.InDatabase;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.Preparation;
import dev.pgstate.reconcilers.core.sql.ServerError;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Carries out a plan's changes in the plan's order. A change that fails is reported and skipped together with the
 * changes that need it ({@link Change#dependsOn}); the others are still applied. A lost session stops the apply.
 *
 * <p>Each change says how it runs ({@link Change#execution}): consecutive changes of {@link Execution#TRANSACTION}
 * (roles, memberships) in one transaction, all or nothing; {@link Execution#AUTOCOMMIT} ones one at a time, because
 * CREATE DATABASE or ALTER SYSTEM cannot run inside a transaction block, after their own work in every database
 * when they have some ({@link PreparedAlone}); consecutive {@link Execution#AUTOCOMMIT_CONCURRENTLY} ones (CREATE
 * DATABASE) likewise, two at a time in two sessions ({@link #runConcurrently}); consecutive {@link Execution#FILE} ones together into one file the
 * server checks before it is kept ({@link WrittenTogether}); {@link Execution#IN_DATABASE} ones each in a session to
 * its database ({@link InDatabase}). A reload or restart is not done here but once
 * afterwards ({@link ServerEffects}). The caller holds the {@link AdvisoryLock}.
 *
 * <p>A change a {@link Preparation} makes ready (a password's verifier, a PBKDF2) is prepared in the background, in
 * the plan's order, over every core, while the server runs the changes before it; its turn waits for it. Every other
 * change's statements are made before the first is sent, so one the server cannot express fails before any SQL.
 */
public final class Applier {

    /**
     * Every CREATE ROLE holds a lock until commit, and the server's lock table is sized by max_locks_per_transaction
     * times max_connections: ten thousand new roles in one transaction run out of shared memory on a small server.
     * Larger plans therefore commit in batches; each batch is all or nothing, and a run that stops between batches
     * is finished by the next one.
     */
    public static final int MAX_CHANGES_PER_TRANSACTION = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    /** Daemons: a preparation left running never keeps the agent from exiting. */
    private static final ThreadFactory PREPARING_THREADS = work -> {
        Thread thread = new Thread(work, "pgstate-prepare");
        thread.setDaemon(true);
        return thread;
    };

    private final DatabaseConnections connections;
    private final ServerInfo server;
    private final ApplyListener listener;
    private final Preparation preparation;
    private final StatementRunner runner = new StatementRunner();

    public Applier(DatabaseConnections connections, ServerInfo server, ApplyListener listener) {
        this(connections, server, listener, Preparation.NONE);
    }

    /** @param preparation what makes some changes ready just before they run (the verifiers of new passwords) */
    public Applier(DatabaseConnections connections, ServerInfo server, ApplyListener listener, Preparation preparation) {
        this.connections = connections;
        this.server = server;
        this.listener = oneAtATime(listener);
        this.preparation = preparation;
    }

    /** Changes may run in two sessions at once ({@link #runConcurrently}); the listener hears of one at a time. */
    private static ApplyListener oneAtATime(ApplyListener listener) {
        return new ApplyListener() {
            @Override
            public synchronized void beforeChange(Change change) {
                listener.beforeChange(change);
            }

            @Override
            public synchronized void afterChange(Change change) {
                listener.afterChange(change);
            }

            @Override
            public synchronized void fileReadyToReplace(Path temp, Path target) {
                listener.fileReadyToReplace(temp, target);
            }
        };
    }

    public ApplyResult apply(Plan plan) {
        return apply(plan.changes());
    }

    /** Applies {@code changes} in the given order; a change the server cannot express fails before any SQL is sent. */
    public ApplyResult apply(List<Change> changes) {
        if (changes.isEmpty()) {
            return ApplyResult.completed(List.of());
        }
        ExecutorService preparing = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                PREPARING_THREADS);
        try {
            return applyInMaintenanceSession(changes.stream().map(change -> step(change, preparing)).toList());
        } finally {
            preparing.shutdownNow(); // what a failed apply leaves unprepared is not needed
        }
    }

    /**
     * A change that joins a transaction is prepared in the background; any other is prepared here, before the first
     * statement, like the statements of all that need no preparation.
     */
    private Step step(Change change, ExecutorService preparing) {
        if (!preparation.prepares(change)) {
            return Step.ready(change, change.statements(server));
        }
        if (!joinsTransaction(change)) {
            Change prepared = preparation.prepared(change);
            return Step.ready(prepared, prepared.statements(server));
        }
        return new Step(change, CompletableFuture.supplyAsync(() -> preparation.prepared(change), preparing)
                .thenApply(prepared -> new Prepared(prepared, prepared.statements(server))));
    }

    private ApplyResult applyInMaintenanceSession(List<Step> steps) {
        String maintenanceDatabase = connections.maintenanceDatabase();
        Connection maintenance;
        try {
            maintenance = connections.open(maintenanceDatabase);
        } catch (SQLException e) {
            Failure cannotConnect = new Failure(steps.get(0).change(), ServerError.of(e),
                    "connecting to database \"" + maintenanceDatabase + "\"");
            return ApplyResult.failed(List.of(), cannotConnect, List.of(), changesOf(steps.subList(1, steps.size())));
        }
        try {
            return applySteps(maintenance, steps);
        } finally {
            Transactions.closeQuietly(maintenance);
        }
    }

    /**
     * Runs the steps unit by unit. A failed change does not stop the others: the changes that need it are skipped,
     * the rest of its transaction runs again without it, change by change ({@link #runInTransaction}), and the
     * apply goes on. Only a lost session stops it.
     */
    private ApplyResult applySteps(Connection maintenance, List<Step> steps) {
        List<Step> pending = new ArrayList<>(steps);
        List<Change> applied = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        List<Change> rolledBack = new ArrayList<>();
        List<Change> skipped = new ArrayList<>();
        boolean stepByStep = false;
        int start = 0;
        while (start < pending.size()) {
            int end = endOfUnit(pending, start);
            List<Step> unit = pending.subList(start, end);
            try {
                if (joinsTransaction(unit.get(0).change())) {
                    UnitRun run = runInTransaction(maintenance, unit, stepByStep);
                    applied.addAll(run.applied());
                    failures.addAll(run.failures());
                    skipped.addAll(run.skipped());
                    pending = withoutDependentsAfter(pending, end, run.failures(), skipped);
                    stepByStep = false;
                    start = end;
                    continue;
                } else if (runsConcurrently(unit.get(0).change())) {
                    ConcurrentRun run = runConcurrently(maintenance, unit);
                    applied.addAll(run.applied());
                    failures.addAll(run.failures());
                    if (run.sessionLost()) {
                        skipped.addAll(run.notBegun());
                        skipped.addAll(changesOf(pending.subList(end, pending.size())));
                        return new ApplyResult(applied, failures, rolledBack, skipped);
                    }
                    pending = withoutDependentsAfter(pending, end, run.failures(), skipped);
                    start = end;
                    continue;
                } else if (writesFile(unit.get(0).change())) {
                    writeSettingsFile(maintenance, unit);
                } else if (unit.get(0).change().execution() == Execution.IN_DATABASE) {
                    runInDatabase(unit.get(0));
                } else {
                    runAlone(maintenance, unit.get(0));
                }
            } catch (StepFailure failure) {
                Step failed = unit.get(failure.indexInUnit);
                failures.add(new Failure(failed.change(), failure.failure, failure.where));
                if (!sessionAlive(maintenance)) {
                    if (failure.rolledBack) {
                        rolledBack.addAll(changesOf(unit.subList(0, failure.indexInUnit)));
                    }
                    skipped.addAll(changesOf(pending.subList(start + failure.indexInUnit + 1, pending.size())));
                    return new ApplyResult(applied, failures, rolledBack, skipped);
                }
                // a settings file is all or nothing: its other parameters were restored with it and are not retried
                List<Step> gone = writesFile(failed.change()) ? List.copyOf(unit) : List.of(failed);
                gone.stream().filter(step -> step != failed).map(Step::change).forEach(rolledBack::add);
                List<Step> rest = new ArrayList<>(pending.subList(start, pending.size()));
                rest.removeAll(gone);
                List<Step> kept = new ArrayList<>(pending.subList(0, start));
                kept.addAll(withoutDependents(rest, List.of(failed.change()), skipped));
                pending = kept;
                stepByStep = joinsTransaction(failed.change()); // the same position now holds the rest of its unit
                continue;
            }
            applied.addAll(changesOf(unit));
            start = end;
        }
        return new ApplyResult(applied, failures, rolledBack, skipped);
    }

    /** {@code pending} up to {@code end}, then without the steps that need one of {@code failures}. */
    private static List<Step> withoutDependentsAfter(List<Step> pending, int end, List<Failure> failures,
                                                     List<Change> skipped) {
        List<Step> kept = new ArrayList<>(pending.subList(0, end));
        kept.addAll(withoutDependents(pending.subList(end, pending.size()),
                failures.stream().map(Failure::change).toList(), skipped));
        return kept;
    }

    /** {@code steps} without those that need one of {@code failed}, which go to {@code skipped}. */
    private static List<Step> withoutDependents(List<Step> steps, List<Change> failed, List<Change> skipped) {
        List<Step> kept = new ArrayList<>();
        for (Step step : steps) {
            if (failed.stream().anyMatch(change -> step.change().dependsOn(change))) {
                skipped.add(step.change());
            } else {
                kept.add(step);
            }
        }
        return kept;
    }

    /** A failed statement leaves the session usable; a terminated backend or a broken socket does not. */
    private static boolean sessionAlive(Connection connection) {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static int endOfUnit(List<Step> steps, int start) {
        if (runsConcurrently(steps.get(start).change())) {
            return endOfConcurrentUnit(steps, start);
        }
        int end = start + 1;
        boolean transactional = joinsTransaction(steps.get(start).change());
        Predicate<Change> grouped = transactional ? Applier::joinsTransaction
                : writesFile(steps.get(start).change()) ? Applier::writesFile : change -> false;
        while (end < steps.size() && grouped.test(steps.get(end).change())
                && !(transactional && end - start == MAX_CHANGES_PER_TRANSACTION)) {
            end++;
        }
        return end;
    }

    /** The changes that may run concurrently from {@code start} on: none of them needs another. */
    private static int endOfConcurrentUnit(List<Step> steps, int start) {
        Set<Address> inUnit = new HashSet<>();
        int end = start;
        while (end < steps.size() && runsConcurrently(steps.get(end).change())
                && Collections.disjoint(steps.get(end).change().needs(), inUnit)) {
            inUnit.add(steps.get(end).change().address());
            end++;
        }
        return end;
    }

    private static boolean runsConcurrently(Change change) {
        return change.execution() == Execution.AUTOCOMMIT_CONCURRENTLY;
    }

    private static boolean joinsTransaction(Change change) {
        return change.execution() == Execution.TRANSACTION;
    }

    private static boolean writesFile(Change change) {
        return change.execution() == Execution.FILE;
    }

    /** What one run of a transaction applied, refused (each under its savepoint) and skipped. */
    private record UnitRun(List<Change> applied, List<Failure> failures, List<Change> skipped) {
    }

    /**
     * One transaction. Its first run is all or nothing: a refused change rolls it back and is thrown. The second run
     * ({@code eachUnderSavepoint}) puts each change under its own savepoint, so a further refusal is rolled back
     * alone and reported, and the changes that need it are skipped: an apply with many refused changes costs at
     * most two runs of each transaction.
     */
    private UnitRun runInTransaction(Connection connection, List<Step> unit, boolean eachUnderSavepoint)
            throws StepFailure {
        List<Change> applied = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        List<Change> skipped = new ArrayList<>();
        int current = 0;
        try {
            connection.setAutoCommit(false);
            for (; current < unit.size(); current++) {
                Step step = unit.get(current);
                if (failures.stream().anyMatch(failure -> step.change().dependsOn(failure.change()))) {
                    skipped.add(step.change());
                    continue;
                }
                Prepared ready;
                try {
                    ready = step.prepared();
                } catch (PreparationFailed e) {
                    if (!eachUnderSavepoint) {
                        throw e;
                    }
                    failures.add(new Failure(step.change(), new LocalFault(e.getMessage()), ""));
                    continue;
                }
                Change change = ready.change();
                listener.beforeChange(change);
                Savepoint savepoint = eachUnderSavepoint ? connection.setSavepoint() : null;
                try {
                    runner.run(connection, change, ready.statements());
                    if (savepoint != null) {
                        connection.releaseSavepoint(savepoint);
                    }
                    applied.add(change);
                } catch (SQLException e) {
                    if (savepoint == null) {
                        throw e;
                    }
                    connection.rollback(savepoint);
                    failures.add(new Failure(change, ServerError.of(e), ""));
                }
            }
            current = unit.size() - 1; // a failed commit is blamed on the group's last change
            connection.commit();
        } catch (SQLException e) {
            Transactions.rollbackQuietly(connection);
            throw new StepFailure(current, e, "", true);
        } catch (PreparationFailed e) {
            Transactions.rollbackQuietly(connection);
            throw new StepFailure(current, e, true);
        } finally {
            Transactions.autocommitQuietly(connection);
        }
        applied.forEach(listener::afterChange);
        return new UnitRun(applied, failures, skipped);
    }

    /** All or nothing, like a transaction: the server rejects the file, it is restored, none of them is applied. */
    private void writeSettingsFile(Connection connection, List<Step> unit) throws StepFailure {
        unit.forEach(step -> listener.beforeChange(step.change()));
        try {
            ((WrittenTogether) unit.get(0).change()).writeTogether(connection, changesOf(unit));
        } catch (SQLException e) {
            throw new StepFailure(unit.size() - 1, e, "", true);
        } catch (UncheckedIOException e) {
            throw new StepFailure(unit.size() - 1, e, true);
        }
        unit.forEach(step -> listener.afterChange(step.change()));
    }

    /**
     * The unit's changes each alone in autocommit mode, as {@link #runAlone} runs them, in the maintenance session
     * and one more at the same time, each session taking the next change in the plan's order: a change that fails
     * leaves the others applied, and a lost session stops both once their current change is done. Without a second
     * session (the server may have no connection to spare) they run one after the other, as before.
     */
    private ConcurrentRun runConcurrently(Connection maintenance, List<Step> unit) {
        ConcurrentRun run = new ConcurrentRun(unit);
        Connection second = unit.size() > 1 ? secondSession() : null;
        if (second == null) {
            run.workIn(maintenance);
            return run;
        }
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        Thread helper = new Thread(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            run.workIn(second);
        }, "pgstate-apply");
        helper.setDaemon(true);
        helper.start();
        try {
            run.workIn(maintenance);
        } finally {
            awaitEnd(helper); // its change must be known applied or failed before the apply reports
            Transactions.closeQuietly(second);
        }
        return run;
    }

    private Connection secondSession() {
        try {
            return connections.open(connections.maintenanceDatabase());
        } catch (SQLException | ConnectionException e) {
            LOG.debug("no second session, the changes that may run concurrently run one by one: {}", e.getMessage());
            return null;
        }
    }

    private static void awaitEnd(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One unit of changes that run concurrently, as the sessions working on it share it: the next change to begin,
     * each one's outcome, and whether a session was lost.
     */
    private final class ConcurrentRun {
        private final List<Step> unit;
        private final Failure[] failed;
        private final boolean[] done;
        private int next;
        private boolean sessionLost;

        ConcurrentRun(List<Step> unit) {
            this.unit = unit;
            this.failed = new Failure[unit.size()];
            this.done = new boolean[unit.size()];
        }

        /** Runs the next change not begun yet in {@code session}, until none is left or a session is lost. */
        void workIn(Connection session) {
            for (int index = begin(); index >= 0; index = begin()) {
                Step step = unit.get(index);
                try {
                    runAlone(session, step);
                    ended(index, null, false);
                } catch (StepFailure failure) {
                    boolean lost = !sessionAlive(session);
                    ended(index, new Failure(step.change(), failure.failure, failure.where), lost);
                    if (lost) {
                        return;
                    }
                }
            }
        }

        private synchronized int begin() {
            return sessionLost || next == unit.size() ? -1 : next++;
        }

        private synchronized void ended(int index, Failure failure, boolean lost) {
            done[index] = true;
            failed[index] = failure;
            sessionLost |= lost;
        }

        /** In the plan's order. */
        synchronized List<Change> applied() {
            List<Change> applied = new ArrayList<>();
            for (int i = 0; i < unit.size(); i++) {
                if (done[i] && failed[i] == null) {
                    applied.add(unit.get(i).change());
                }
            }
            return applied;
        }

        /** In the plan's order. */
        synchronized List<Failure> failures() {
            return Arrays.stream(failed).filter(Objects::nonNull).toList();
        }

        synchronized List<Change> notBegun() {
            return changesOf(unit.subList(next, unit.size()));
        }

        synchronized boolean sessionLost() {
            return sessionLost;
        }
    }

    private void runAlone(Connection connection, Step step) throws StepFailure {
        listener.beforeChange(step.change());
        try {
            if (step.change() instanceof PreparedAlone prepared) {
                prepared.prepare(connection, connections, runner);
            }
            runner.run(connection, step.change(), step.statements());
        } catch (InDatabaseException e) {
            String where = e.database() == null ? "listing the databases" : "in database \"" + e.database() + "\"";
            throw new StepFailure(0, e.getCause(), where, false);
        } catch (SQLException e) {
            throw new StepFailure(0, e, "", false);
        }
        listener.afterChange(step.change());
    }

    /**
     * In a session of its own to the change's database, as one transaction, so a change of several statements is
     * all or nothing. The maintenance session is not involved: a failure here never loses it.
     */
    private void runInDatabase(Step step) throws StepFailure {
        String database = ((InDatabase) step.change()).database();
        String where = "in database \"" + database + "\"";
        listener.beforeChange(step.change());
        try (Connection session = connections.open(database)) {
            session.setAutoCommit(false);
            try {
                runner.run(session, step.change(), step.statements());
                session.commit();
            } catch (SQLException e) {
                Transactions.rollbackQuietly(session);
                throw e;
            }
        } catch (SQLException e) {
            throw new StepFailure(0, e, where, false);
        } catch (ConnectionException e) {
            throw new StepFailure(0, ConnectionException.sqlCause(e), where, false);
        }
        listener.afterChange(step.change());
    }

    private static List<Change> changesOf(List<Step> steps) {
        return steps.stream().map(Step::change).toList();
    }

    /** A change ready to run, with the statements that carry it out on this server. */
    private record Prepared(Change change, List<String> statements) {
    }

    /** A planned change, and the same ready to run: at once, or once its preparation in the background is done. */
    private record Step(Change planned, CompletableFuture<Prepared> preparing) {

        static Step ready(Change change, List<String> statements) {
            return new Step(change, CompletableFuture.completedFuture(new Prepared(change, statements)));
        }

        /** The change as prepared when that is done, else as planned: for reports and dependencies, never waits. */
        Change change() {
            Prepared ready = preparing.isDone() && !preparing.isCompletedExceptionally() ? preparing.join() : null;
            return ready == null ? planned : ready.change();
        }

        /** Its statements, ready to send: only for a step that needs no preparation or is run in a transaction. */
        List<String> statements() {
            return preparing.join().statements();
        }

        /** The change ready to run, waiting for its preparation. */
        Prepared prepared() throws PreparationFailed {
            try {
                return preparing.join();
            } catch (CompletionException | CancellationException e) {
                throw new PreparationFailed(e.getCause() == null ? e : e.getCause());
            }
        }
    }

    /** A change's preparation failed (its verifier could not be made): it was never sent. */
    private static final class PreparationFailed extends Exception {
        PreparationFailed(Throwable cause) {
            super("cannot make it ready to run: " + Objects.requireNonNullElse(cause.getMessage(),
                    cause.getClass().getName()), cause);
        }
    }

    /** The change at {@code indexInUnit} of the running unit failed; a transactional unit rolled back whole. */
    private static final class StepFailure extends Exception {
        private final int indexInUnit;
        private final FailureCause failure;
        private final String where;
        private final boolean rolledBack;

        StepFailure(int indexInUnit, SQLException cause, String where, boolean rolledBack) {
            super(cause);
            this.indexInUnit = indexInUnit;
            this.failure = ServerError.of(cause);
            this.where = where;
            this.rolledBack = rolledBack;
        }

        /**
         * A failure of the agent's own, which the server never saw: a config file it could not read or write (the
         * message names the file), a change it could not prepare.
         */
        StepFailure(int indexInUnit, Exception cause, boolean rolledBack) {
            super(cause);
            this.indexInUnit = indexInUnit;
            this.failure = new LocalFault(cause.getMessage());
            this.where = "";
            this.rolledBack = rolledBack;
        }
    }
}
