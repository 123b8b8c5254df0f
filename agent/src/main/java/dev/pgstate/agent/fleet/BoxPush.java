package dev.pgstate.agent.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.agent.daemon.ReportFile;
import dev.pgstate.agent.trust.SpecSignature;
import dev.pgstate.model.Specs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The push to one box: log in (trying again after transient failures, with backoff), check that the box runs a
 * pgstate agent at least as new as this one, upload the rendered spec, run the box's own plan and, unless only
 * planning, its apply. Every step is the box's agent doing the work locally, as it does without a push.
 */
public final class BoxPush {

    /** Exit codes of the box's agent, as documented for {@code plan} and {@code apply}. */
    private static final int CHANGES_PENDING = 2;
    /** Nothing left for the agent to do, but a person has to act (plan and apply say so with their JSON). */
    private static final int MANUAL_ACTION = 4;
    private static final int COMMAND_NOT_FOUND = 127;
    private static final Pattern VERSION = Pattern.compile("pgstate agent (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Which steps to run after the upload: plan only; apply by the box's agent; or let the box's daemon apply the
     * spec put in place, and wait for its cycle report.
     */
    public enum Mode { PLAN_ONLY, APPLY, VIA_DAEMON }

    /** How often the daemon's report is read while waiting for it. */
    private static final long REPORT_POLL_MILLIS = 250;

    /** What the display is told while a box is in flight. */
    public interface Progress {
        void stage(Box box, String stage);
    }

    /**
     * A box's turn to change anything: logging in, uploading beside the spec and planning change nothing, so a box
     * does them ahead of its turn, and waits here before putting its spec in place.
     */
    interface Turn {
        /** Blocks until the box's turn comes: empty then, or why the box is not to be changed at all. */
        Optional<String> await();
    }

    private final SshLogin login;
    private final Mode mode;
    private final Duration timeout;
    private final Retries retries;
    private final String ownVersion;
    private final SpecSigning signing;

    /**
     * @param timeout    how long one box may take, from the first connection attempt to the end of its apply
     * @param ownVersion this agent's version: a box with an older agent is not pushed to
     * @param signing    the signature that goes with each box's spec, if any
     */
    public BoxPush(SshLogin login, Mode mode, Duration timeout, Retries retries, String ownVersion,
            SpecSigning signing) {
        this.login = login;
        this.mode = mode;
        this.timeout = timeout;
        this.retries = retries;
        this.ownVersion = ownVersion;
        this.signing = signing;
    }

    /** How often and how soon a box is tried again after a transient SSH failure. */
    public record Retries(int count, Duration firstDelay) {
        Duration delayBefore(int retry) {
            return firstDelay.multipliedBy(1L << Math.min(10, retry - 1));
        }
    }

    BoxResult push(Box box, String spec, Progress progress, Turn turn) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Steps steps = new Steps(box, start);
        int attempt = 0;
        while (true) {
            attempt++;
            steps.begin(attempt == 1 ? "connecting" : "connecting (attempt " + attempt + ")", progress);
            try (RemoteShell shell = new RemoteShell(login.open(box, Duration.between(Instant.now(), deadline)),
                    deadline, box.become())) {
                BoxResult.Status status = steps.run(shell, spec, progress, turn);
                return steps.result(status, steps.notStartedBecause.map(why -> "not started: " + why), attempt);
            } catch (BoxFailure failure) {
                boolean again = failure.isTransient() && attempt <= retries.count()
                        && Instant.now().plus(retries.delayBefore(attempt)).isBefore(deadline);
                if (!again) {
                    return steps.result(failure.unreachable() ? BoxResult.Status.UNREACHABLE
                            : BoxResult.Status.FAILED, Optional.of(failure.getMessage()), attempt);
                }
                if (!sleep(retries.delayBefore(attempt))) {
                    return steps.result(BoxResult.Status.FAILED, Optional.of("interrupted"), attempt);
                }
            }
        }
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The steps on one box and what they found so far, kept for the result even when a later step fails. */
    private final class Steps {
        private final Box box;
        /** When the box's push started: its first step starts then, so the steps account for all of its time. */
        private final Instant start;
        private Optional<String> version = Optional.empty();
        private Optional<JsonNode> plan = Optional.empty();
        private Optional<JsonNode> apply = Optional.empty();
        private final List<String> stepNames = new ArrayList<>();
        private final List<Instant> stepStarts = new ArrayList<>();
        /** Why the box, planned, was not changed: the rollout stopped before its turn. */
        private Optional<String> notStartedBecause = Optional.empty();

        Steps(Box box, Instant start) {
            this.box = box;
            this.start = start;
        }

        /** The next step starts: the display hears of it, and its time is kept for the result. */
        void begin(String step, Progress progress) {
            stepNames.add(step);
            stepStarts.add(stepStarts.isEmpty() ? start : Instant.now());
            progress.stage(box, step);
        }

        /**
         * The new spec (and its signature) is staged beside the box's spec and planned there; only a spec the box's
         * agent accepts replaces the old one, so a box never keeps a spec its agent refuses (unsigned, invalid for
         * it), which would stop its daemon at the next start. With --plan-only it never replaces it: a daemon
         * watching the spec would apply it.
         */
        BoxResult.Status run(RemoteShell shell, String spec, Progress progress, Turn turn) throws BoxFailure {
            begin("upload", progress);
            shell.checkBecome();
            byte[] content = spec.getBytes(StandardCharsets.UTF_8);
            Optional<String> signature = signing.signatureOf(content);
            String staged = RemoteShell.temporaryNameFor(box.specPath());
            List<String> stagedFiles = new ArrayList<>();
            try {
                if (signature.isPresent()) {
                    stagedFiles.add(staged + SpecSignature.SUFFIX);
                    shell.write(signature.get().getBytes(StandardCharsets.US_ASCII), staged + SpecSignature.SUFFIX,
                            box.specPath() + SpecSignature.SUFFIX);
                }
                stagedFiles.add(staged);
                shell.write(content, staged, box.specPath());
                begin("version, plan", progress);
                RemoteShell.InTurn versionAndPlan = shell.runInTurn(versionCheck(), agent("plan", staged), "plan");
                version = Optional.of(checkVersion(versionAndPlan.first()));
                RemoteShell.Exit planned = versionAndPlan.second().orElseThrow(() -> BoxFailure.failed(
                        "the version check on the box failed (exit " + versionAndPlan.first().code() + "): "
                                + versionAndPlan.first().firstLine()));
                if (planned.code() != 0 && planned.code() != CHANGES_PENDING && planned.code() != MANUAL_ACTION) {
                    throw BoxFailure.failed("plan on the box failed (exit " + planned.code() + "): "
                            + errors(planned) + "; the box's spec was left as it was");
                }
                plan = Optional.of(json(planned, "plan"));
                if (mode == Mode.PLAN_ONLY) {
                    return planned.code() == 0 ? BoxResult.Status.CONVERGED : BoxResult.Status.PENDING;
                }
                begin("waiting for its turn", progress);
                Instant waiting = Instant.now();
                notStartedBecause = turn.await();
                if (notStartedBecause.isPresent()) {
                    return BoxResult.Status.NOT_STARTED;
                }
                // the box's --timeout is for the box being slow, not for the rollout's queue
                shell.postpone(Duration.between(waiting, Instant.now()));
                long cycleBefore = mode == Mode.VIA_DAEMON ? daemonReport(shell, "reading the daemon's last cycle report").map(report -> report.path("cycle")
                        .asLong()).orElse(0L) : 0;
                // the signature first: a daemon that sees the new spec with the old signature would refuse it
                List<RemoteShell.Staged> inPlace = new ArrayList<>();
                signature.ifPresent(signed -> inPlace.add(new RemoteShell.Staged(staged + SpecSignature.SUFFIX,
                        box.specPath() + SpecSignature.SUFFIX)));
                inPlace.add(new RemoteShell.Staged(staged, box.specPath()));
                if (mode == Mode.APPLY && planned.code() == CHANGES_PENDING) {
                    begin("in place, apply", progress);
                    RemoteShell.Exit applied = shell.commitThen(inPlace, agent("apply", box.specPath()), "apply");
                    stagedFiles.clear();
                    return applied(applied);
                }
                begin("in place", progress);
                shell.commit(inPlace);
                stagedFiles.clear();
                if (planned.code() == 0) {
                    return BoxResult.Status.CONVERGED;
                }
                if (planned.code() == MANUAL_ACTION) {
                    throw needsManualAction("the spec is in place, nothing is left for the agent");
                }
                return viaDaemon(shell, content, cycleBefore, progress);
            } finally {
                if (!stagedFiles.isEmpty()) {
                    shell.removed(stagedFiles);
                }
            }
        }

        /** The box's apply, run on the spec just put in place. */
        private BoxResult.Status applied(RemoteShell.Exit applied) throws BoxFailure {
            if (!applied.out().isBlank()) {
                apply = Optional.of(json(applied, "apply"));
            }
            if (applied.code() == MANUAL_ACTION) {
                throw needsManualAction("applied");
            }
            if (applied.code() != 0) {
                throw BoxFailure.failed("apply on the box failed (exit " + applied.code() + "): " + errors(applied));
            }
            return BoxResult.Status.CHANGED;
        }

        /**
         * Reloads the daemon when the box says how, then waits for the first cycle after {@code cycleBefore} that
         * read these very bytes (its {@code spec_sha256}); its report is the box's apply result.
         */
        private BoxResult.Status viaDaemon(RemoteShell shell, byte[] content, long cycleBefore, Progress progress)
                throws BoxFailure {
            if (box.daemonReloadCommand().isPresent()) {
                begin("reload", progress);
                RemoteShell.Exit reloaded = shell.runAsAgent(box.daemonReloadCommand().get(), "reload");
                if (reloaded.code() != 0) {
                    throw BoxFailure.failed("the spec is in place, but reloading the daemon failed (exit "
                            + reloaded.code() + "): " + reloaded.firstLine());
                }
            }
            begin("waiting for the daemon", progress);
            String sha256 = Specs.sha256Of(content);
            // one name for the wait, whether the deadline passes while reading the report or between two reads
            String waiting = "waiting for the daemon's cycle report in " + box.stateDirectory();
            while (true) {
                Optional<JsonNode> report = daemonReport(shell, waiting).filter(read -> read.path("cycle").asLong()
                        > cycleBefore && sha256.equals(read.path("spec_sha256").asText()));
                if (report.isPresent()) {
                    apply = report;
                    return outcome(report.get());
                }
                shell.pause(REPORT_POLL_MILLIS, waiting);
            }
        }

        private BoxResult.Status outcome(JsonNode report) throws BoxFailure {
            String cycle = "the daemon's cycle " + report.path("cycle").asLong();
            if (!report.path("spec_problem").isNull()) {
                throw BoxFailure.failed(cycle + " did not use the spec: " + report.path("spec_problem").asText());
            }
            if (!report.path("succeeded").asBoolean()) {
                throw BoxFailure.failed(cycle + " failed: " + report.path("failure").asText());
            }
            if (!report.path("pending").path("changes").isEmpty()) {
                throw BoxFailure.failed(cycle + " left " + report.path("pending").path("changes").size()
                        + " changes pending (is it in report mode?): " + report.path("summary").asText());
            }
            // the cycle that applied the spec may not be the last one that read it (see CycleReport#changedForSpec)
            return report.path("changed_for_spec").isEmpty() ? BoxResult.Status.CONVERGED : BoxResult.Status.CHANGED;
        }

        /** The daemon's last cycle report, when there is one. */
        private Optional<JsonNode> daemonReport(RemoteShell shell, String stage) throws BoxFailure {
            String path = box.stateDirectory() + "/" + ReportFile.NAME;
            Optional<String> text = shell.read(path, stage);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readTree(text.get()));
            } catch (JsonProcessingException e) {
                throw BoxFailure.failed(path + " on the box is not a cycle report: " + e.getMessage());
            }
        }

        /** The box cannot converge without a person: a failure, so the push's exit status does not say "ok". */
        private BoxFailure needsManualAction(String done) {
            return BoxFailure.failed(done + ", but the box needs a manual action: " + String.join("; ",
                    plan.map(ChangeLines::manualActions).orElse(List.of())));
        }

        BoxResult result(BoxResult.Status status, Optional<String> error, int attempts) {
            Instant end = Instant.now();
            List<BoxResult.StepTime> times = new ArrayList<>();
            for (int step = 0; step < stepNames.size(); step++) {
                times.add(new BoxResult.StepTime(stepNames.get(step), Duration.between(stepStarts.get(step),
                        step + 1 < stepStarts.size() ? stepStarts.get(step + 1) : end)));
            }
            return new BoxResult(box, status, version, plan, apply, error, Duration.between(start, end), attempts,
                    times);
        }

        private String agent(String verb, String specPath) {
            return box.agentCommand() + " " + verb + " --format json --spec " + shellQuoted(specPath);
        }

        /**
         * The box's {@code AGENT --version}, which ends the command on the box (with the version's own exit status, 0)
         * unless it answers as a pgstate agent, so that the plan run after it never runs a program that is not one.
         */
        private String versionCheck() {
            return "version=$(" + box.agentCommand() + " --version) && printf '%s\\n' \"$version\" && case "
                    + "\"$version\" in *'pgstate agent '*) ;; *) exit 0 ;; esac";
        }

        private String checkVersion(RemoteShell.Exit exit) throws BoxFailure {
            if (exit.code() == COMMAND_NOT_FOUND) {
                throw BoxFailure.failed("no pgstate agent on the box: " + box.agentCommand() + " was not found ("
                        + exit.firstLine() + "); install the agent there, or set the box's agent_command");
            }
            Matcher matcher = VERSION.matcher(exit.out());
            if (exit.code() != 0 || !matcher.find()) {
                throw BoxFailure.failed("\"" + box.agentCommand() + " --version\" did not answer as a pgstate agent "
                        + "(exit " + exit.code() + "): " + exit.firstLine());
            }
            String version = matcher.group(1);
            if (AgentVersions.older(version, ownVersion)) {
                throw BoxFailure.failed("the box runs pgstate agent " + version + ", older than this one ("
                        + ownVersion + "), which may not understand the spec; upgrade the box's agent first");
            }
            return version;
        }
    }

    /** The agent's {@code error:} lines, or the first line it printed. */
    private static String errors(RemoteShell.Exit exit) {
        String errors = exit.err().lines().filter(line -> line.startsWith("error: "))
                .map(line -> line.substring("error: ".length())).collect(Collectors.joining("; "));
        return errors.isEmpty() ? exit.firstLine() : errors;
    }

    private static JsonNode json(RemoteShell.Exit exit, String stage) throws BoxFailure {
        try {
            return JSON.readTree(exit.out());
        } catch (JsonProcessingException e) {
            throw BoxFailure.failed(stage + " on the box did not print JSON (exit " + exit.code() + "): "
                    + exit.firstLine());
        }
    }

    static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
