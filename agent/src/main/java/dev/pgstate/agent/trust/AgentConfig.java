package dev.pgstate.agent.trust;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pgstate.model.Specs;
import dev.pgstate.model.files.FileTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * The box's own configuration of the agent, kept apart from the spec it enforces: a spec cannot vouch for itself.
 * Today it says whose signatures a spec must carry:
 * <pre>
 * trust:
 *   spec_signers:
 *     - /etc/pgstate/signers/owner.pub
 * </pre>
 * The file and every key it names must be ones the agent may obey ({@link FileTrust}); a relative key path is
 * relative to the file's directory. Unknown keys are errors, as in the spec.
 */
public record AgentConfig(Trust trust) {

    /** Where a box keeps it; without the file the agent demands no signatures. */
    public static final Path DEFAULT_FILE = Path.of("/etc/pgstate/agent.yaml");
    public static final AgentConfig NONE = new AgentConfig(new Trust(List.of()));

    /** A configuration file is a few lines; anything near this size is not one. */
    private static final long MAX_BYTES = 64 * 1024;
    /** The line of the {@code spec_signers} key: the first to name it before any comment on that line. */
    private static final Pattern SIGNERS_KEY = Pattern.compile("(?m)^[^#\n]*\\bspec_signers\\b");

    /**
     * Built when a configuration is read, not when {@link #DEFAULT_FILE} is looked at: most boxes have none, and a
     * mapper costs every command some milliseconds under the launcher's C1.
     */
    private static final class Reading {
        static final YAMLMapper YAML = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** @param specSigners public key files (PEM) of whoever may sign a spec; none: signatures are not required */
    public record Trust(@JsonDeserialize(contentUsing = FileName.class) List<Path> specSigners) {
        public Trust {
            specSigners = specSigners == null ? List.of() : List.copyOf(specSigners);
        }
    }

    /**
     * A key's file name as written: Jackson's own reading of a {@link Path} takes a name with a colon for a URI
     * ({@code owner:2026.pub} then names a file system provider "owner").
     */
    private static final class FileName extends StdScalarDeserializer<Path> {

        private static final long serialVersionUID = 1L;

        FileName() {
            super(Path.class);
        }

        @Override
        public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return Path.of(parser.getValueAsString());
        }
    }

    public AgentConfig {
        trust = trust == null ? new Trust(List.of()) : trust;
    }

    /**
     * @throws ConfigException naming the file and the problem: refused by {@link FileTrust}, unreadable, or not a
     *                         valid configuration
     */
    public static AgentConfig load(Path file, FileTrust fileTrust) {
        fileTrust.fileProblem(file, FileTrust.Readers.ANYONE).ifPresent(problem -> {
            throw new ConfigException("agent configuration refused: " + problem);
        });
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file + " is larger than " + MAX_BYTES / 1024 + " KiB: not an agent configuration");
            }
            String text = Files.readString(file);
            JsonNode tree = Reading.YAML.readTree(text);
            refuseSignersListingNoKey(file, text, tree);
            // a file of comments only, or empty, configures nothing
            AgentConfig read = tree == null || tree.isMissingNode() || tree.isNull() ? NONE
                    : Reading.YAML.treeToValue(tree, AgentConfig.class);
            return new AgentConfig(new Trust(read.trust().specSigners().stream()
                    .map(key -> file.toAbsolutePath().getParent().resolve(key)).toList()));
        } catch (JacksonException e) {
            throw new ConfigException(file + ": " + e.getOriginalMessage().lines().findFirst().orElse("not valid YAML")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ConfigException("cannot read the agent configuration " + file + ": " + e.getMessage());
        }
    }

    /**
     * {@code spec_signers: []} (or the key with nothing after it) would switch signatures off as quietly as leaving
     * the key out: a template that rendered no key, or the last key taken away, would open the box to unsigned
     * specs. Only leaving the key out says that no signature is wanted. An item that names no file (empty, blank,
     * holding a NUL, not a string) is refused in words here, before the mapper would refuse it in its own.
     */
    private static void refuseSignersListingNoKey(Path file, String text, JsonNode tree) {
        JsonNode trust = tree == null ? null : tree.get("trust");
        JsonNode signers = trust == null ? null : trust.get("spec_signers");
        if (signers == null) {
            return;
        }
        if (signers.isNull() || signers.isArray() && signers.isEmpty()) {
            throw new ConfigException(signersLine(file, text) + "trust.spec_signers lists no key, which would accept "
                    + "unsigned specs; name at least one public key, or leave spec_signers out to ask for no signature");
        }
        boolean everyItemAFileName = signers.isArray() && StreamSupport.stream(signers.spliterator(), false)
                .allMatch(item -> item.isTextual() && !item.asText().isBlank() && item.asText().indexOf('\0') < 0);
        if (!everyItemAFileName) {
            throw new ConfigException(signersLine(file, text) + "trust.spec_signers must list the file names of public "
                    + "keys (PEM), one per item");
        }
    }

    /** {@code FILE:LINE: } of the {@code spec_signers} key. */
    private static String signersLine(Path file, String text) {
        Matcher key = SIGNERS_KEY.matcher(text);
        int at = key.find() ? key.start() : 0;
        long line = text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        return file + ":" + line + ": ";
    }

    /**
     * What a spec file must pass before it is parsed: a signature by one of the signers when there are any.
     *
     * @param configFile this configuration's file, named in refusals
     * @throws SignerKeys.KeyException when a signer's key file cannot be used
     */
    public Specs.ContentCheck specCheck(Path configFile, FileTrust fileTrust) {
        if (trust.specSigners().isEmpty()) {
            return Specs.ContentCheck.NONE;
        }
        return new SignatureCheck(trust.specSigners().stream().map(key -> SignerKeys.publicKey(key, fileTrust)).toList(),
                configFile);
    }

    /** A configuration that cannot be used; the message names the file. */
    public static final class ConfigException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }
}
