package dev.pgstate.agent.saved;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.render.JsonPlanRenderer;
import dev.pgstate.reconcilers.secret.HmacSha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A plan as {@code plan --out} keeps it for a later {@code apply}: the changes as the JSON plan renders them, the spec
 * it was made from (path and SHA-256 of its bytes) and a digest of each object of the live state it was made from
 * ({@code PlanBasis#liveDigests}). The file is JSON, sealed with an HMAC under the state directory's key: an edit, a file from
 * another state directory or another version of the agent is refused, as is one others could change or read.
 * It holds no secret: sensitive attributes render as {@code null}, and verifiers only enter the keyed digests.
 *
 * @param agentVersion the agent version that made it; another one may plan differently, so it is refused
 * @param plan         the plan as {@link JsonPlanRenderer#toTree} renders it
 */
public record SavedPlan(String agentVersion, Path specFile, String specSha256, SortedMap<String, String> liveDigests,
                        JsonNode plan) {

    /** The file's own shape; a file of another format is refused, never guessed at. */
    public static final String FORMAT = "pgstate saved plan 1";

    /**
     * The largest plan file {@link #read} reads: an eighth of the heap, 8 MB under the packaged -Xmx64m. Reading one
     * and checking its seal takes about six times its size (at 64 MB a 9 MB plan was read, a 17 MB one ran the agent
     * out of memory); a plan of 3,000 new roles is 1.8 MB.
     */
    static final long MAX_BYTES = Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 8);

    private static final ObjectMapper JSON = new ObjectMapper();

    public SavedPlan {
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(specFile, "specFile");
        Objects.requireNonNull(specSha256, "specSha256");
        liveDigests = new TreeMap<>(liveDigests);
        Objects.requireNonNull(plan, "plan");
    }

    /** A plan just made, rendered by the JSON renderer the plan command prints with. */
    public static SavedPlan of(String agentVersion, Path specFile, String specSha256, Map<String, String> liveDigests,
                               Plan plan) {
        return new SavedPlan(agentVersion, specFile, specSha256, new TreeMap<>(liveDigests),
                new JsonPlanRenderer().toTree(plan));
    }

    /** Whether {@code other} renders exactly as this saved plan does. */
    public boolean samePlanAs(Plan other) {
        return compact(plan).equals(compact(new JsonPlanRenderer().toTree(other)));
    }

    /** What moved between this plan's digests and {@code now}'s, one sentence per object, in address order. */
    public List<String> moved(Map<String, String> now) {
        SortedSet<String> addresses = new TreeSet<>(liveDigests.keySet());
        addresses.addAll(now.keySet());
        return addresses.stream().filter(address -> !Objects.equals(liveDigests.get(address), now.get(address)))
                .map(address -> address + (!now.containsKey(address) ? " disappeared"
                        : !liveDigests.containsKey(address) ? " appeared" : " changed") + " since the plan was made")
                .toList();
    }

    /** Writes the sealed file atomically, mode 0600, replacing one there (a symbolic link is replaced, not followed). */
    public void write(Path file, HmacSha256 mac) throws IOException {
        ObjectNode root = body();
        root.put("seal", seal(root, mac));
        Engine.writeOwnFile(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root),
                PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * The saved plan in {@code file}, when it is a regular file of this user's (or root's), open to nobody else,
     * sealed under {@code mac}'s key and made by {@code agentVersion}.
     *
     * @throws NoSuchFileException when there is no such file
     * @throws Refused             naming the file and why it may not be applied
     */
    public static SavedPlan read(Path file, HmacSha256 mac, String agentVersion) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(file, "it is a symbolic link or not a regular file: give the file itself");
        }
        String problem = FileTrust.ofThisProcess().fileProblem(file, FileTrust.Readers.OWNER_ONLY).orElse(null);
        if (problem != null) {
            throw new Refused(file, problem);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new Refused(file, "it is larger than " + MAX_BYTES / (1 << 20) + " MB, the most the agent reads of a "
                    + "saved plan (an eighth of its heap, -Xmx in JAVA_OPTS)");
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new Refused(file, "it is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(parsed instanceof ObjectNode root) || !FORMAT.equals(root.path("format").asText())) {
            throw new Refused(file, "it is not a saved plan of this agent (no \"format\": \"" + FORMAT + "\")");
        }
        String seal = root.path("seal").asText();
        root.remove("seal");
        if (!MessageDigest.isEqual(seal.getBytes(StandardCharsets.US_ASCII),
                seal(root, mac).getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused(file, "its seal does not match: it was changed after plan wrote it, or written with "
                    + "another state directory");
        }
        String madeBy = root.path("agent_version").asText();
        if (!madeBy.equals(agentVersion)) {
            throw new Refused(file, "it was made by pgstate agent " + madeBy + ", this is " + agentVersion
                    + ": plan again with this one");
        }
        SortedMap<String, String> digests = new TreeMap<>();
        root.path("live_state").fields().forEachRemaining(entry -> digests.put(entry.getKey(), entry.getValue().asText()));
        return new SavedPlan(madeBy, Path.of(root.path("spec").path("path").asText()),
                root.path("spec").path("sha256").asText(), digests, root.path("plan"));
    }

    private ObjectNode body() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("agent_version", agentVersion);
        ObjectNode spec = root.putObject("spec");
        spec.put("path", specFile.toString());
        spec.put("sha256", specSha256);
        ObjectNode live = root.putObject("live_state");
        liveDigests.forEach(live::put);
        root.set("plan", plan);
        return root;
    }

    /** HMAC of the compact JSON of everything but the seal: the same tree always gives the same text. */
    private static String seal(ObjectNode body, HmacSha256 mac) {
        return Base64.getEncoder().encodeToString(mac.mac(compact(body).getBytes(StandardCharsets.UTF_8)));
    }

    private static String compact(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** A plan file apply must not use, with the reason. */
    public static final class Refused extends IOException {
        public Refused(Path file, String reason) {
            super("plan file " + file + " refused: " + reason);
        }
    }
}
