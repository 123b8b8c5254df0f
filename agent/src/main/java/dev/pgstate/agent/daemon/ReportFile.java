package dev.pgstate.agent.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.render.JsonPlanRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The last cycle as JSON in the state directory ({@value #NAME}), replaced atomically ({@link AtomicFile}): a
 * temporary file created anew in the same directory, forced to disk, then renamed over the old one, so a reader
 * or a power cut never sees half a report. The drift is the plan in the documented plan JSON shape, secrets already redacted.
 */
public final class ReportFile implements CycleListener {

    public static final String NAME = "last-cycle.json";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final JsonPlanRenderer plans = new JsonPlanRenderer();
    private final Path file;

    private ReportFile(Path file) {
        this.file = file;
    }

    /**
     * The report in {@code stateDirectory}, which is created 0700 when missing and must be the agent's own and
     * private (0700 or 0750): in a directory others may write, a link planted under the report's name would make
     * the agent overwrite whatever the link points at.
     *
     * @throws IOException naming the problem with the directory
     */
    public static ReportFile in(Path stateDirectory) throws IOException {
        FileTrust.ofThisProcess().ensurePrivateDirectory(stateDirectory);
        return new ReportFile(stateDirectory.resolve(NAME));
    }

    public Path file() {
        return file;
    }

    @Override
    public void cycleFinished(CycleReport report) {
        write(render(report).getBytes(StandardCharsets.UTF_8));
    }

    String render(CycleReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format_version", JsonPlanRenderer.FORMAT_VERSION);
        root.put("cycle", report.number());
        root.put("mode", report.mode().label());
        root.put("started_at", report.startedAt().toString());
        root.put("duration_seconds", report.duration().toNanos() / 1e9);
        root.put("succeeded", report.succeeded());
        root.put("summary", report.summary());
        root.put("spec_problem", report.specProblem().orElse(null));
        root.put("spec_sha256", report.specSha256().orElse(null));
        root.set("drift", report.server().drift().map(plans::toTree).orElse(null));
        addresses(root.putArray("changed"), report.server().changed());
        addresses(root.putArray("changed_for_spec"), report.changedForSpec());
        root.put("failure", report.server().failure().orElse(null));
        ObjectNode pending = root.putObject("pending");
        addresses(pending.putArray("changes"), report.server().pending());
        pending.put("manual_actions", report.manualActions().size());
        pending.put("restart", report.restartPending());
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of nodes always serializes", e);
        }
    }

    private static void addresses(ArrayNode array, List<Change> changes) {
        changes.forEach(change -> array.add(change.address().toString()));
    }

    private void write(byte[] content) {
        try {
            Engine.writeOwnFile(file, content, PosixFilePermissions.fromString("rw-r-----"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
