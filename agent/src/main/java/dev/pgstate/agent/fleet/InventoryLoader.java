package dev.pgstate.agent.fleet;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.load.FieldPath;
import dev.pgstate.model.load.SourceMap;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.model.load.SpecProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an inventory file as strictly as a spec (unknown and duplicate keys are errors, each problem names
 * file:line:column and field) and refuses one that group or others may read or change: it says which keys log in
 * where, and whoever can change it decides where the spec goes.
 */
public final class InventoryLoader {

    static final String DEFAULT_USER = "postgres";
    static final int DEFAULT_PORT = 22;
    static final String DEFAULT_AGENT_COMMAND = "pgstate";
    static final String DEFAULT_SPEC_PATH = "/etc/pgstate/spec.yaml";
    static final String DEFAULT_STATE_DIRECTORY = "/var/lib/pgstate";
    /** The agent's OS user that {@code become} switches to unless it names another. */
    static final String DEFAULT_AGENT_USER = "postgres";

    /** Box and group names appear in reports and temporary file names: no spaces, slashes or shell characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Set<String> BUILT_IN_VARIABLES = Set.of("name", "host");
    private static final List<String> BECOME_METHODS = Arrays.stream(Become.Method.values())
            .map(method -> method.name().toLowerCase(Locale.ROOT)).toList();

    private final FileTrust trust;

    public InventoryLoader(FileTrust trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** @throws SpecException with every problem of the file (exit 65) */
    public Inventory load(Path file) {
        trust.fileProblem(file, FileTrust.Readers.OWNER_ONLY).ifPresent(problem -> {
            throw SpecException.of(new SpecProblem(file.toString(), 1, 1, "", "refused: " + problem));
        });
        SpecLoader.Document<InventoryFile> document = SpecLoader.read(InventoryFile.class, "boxes", file);
        return new Checked(file, document.source()).inventory(document.value());
    }

    /** The checks of one file, collecting every problem before failing. */
    private static final class Checked {
        private final Path file;
        private final SourceMap source;
        private final List<SpecProblem> problems = new ArrayList<>();

        Checked(Path file, SourceMap source) {
            this.file = file;
            this.source = source;
        }

        Inventory inventory(InventoryFile written) {
            InventoryFile.Settings defaults = written.defaults() == null
                    ? new InventoryFile.Settings(null, null, null, null, null, null, null, null, null)
                    : written.defaults();
            checkSettings("defaults", new InventoryFile.Entry(null, null, defaults.port(), defaults.user(), null, null,
                    defaults.agentCommand(), defaults.specPath(), defaults.stateDirectory(),
                    defaults.daemonReloadCommand(), defaults.become(), defaults.vars()));
            List<InventoryFile.Entry> entries = written.boxes() == null ? List.of() : written.boxes();
            if (entries.isEmpty()) {
                problems.add(source.problemAt("boxes", "the inventory lists no boxes"));
            }
            Map<String, Integer> firstLine = new HashMap<>();
            List<Box> boxes = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                String field = FieldPath.index("boxes", i);
                InventoryFile.Entry entry = entries.get(i);
                checkName(FieldPath.key(field, "name"), entry.name(), "a box");
                if (entry.name() != null) {
                    Integer first = firstLine.putIfAbsent(entry.name(), source.lineOf(FieldPath.key(field, "name")));
                    if (first != null) {
                        problems.add(source.problemAt(FieldPath.key(field, "name"), "duplicate box name \""
                                + entry.name() + "\"; the first is on line " + first));
                    }
                }
                if (entry.host() == null || entry.host().isBlank()) {
                    problems.add(source.problemAt(field, "host is missing"));
                } else {
                    checkOneWord(FieldPath.key(field, "host"), entry.host());
                }
                List<String> groups = entry.groups() == null ? List.of() : entry.groups();
                for (int g = 0; g < groups.size(); g++) {
                    checkName(FieldPath.index(FieldPath.key(field, "groups"), g), groups.get(g), "a group");
                }
                checkSettings(field, entry);
                Map<String, String> vars = new LinkedHashMap<>(defaults.vars() == null ? Map.of() : defaults.vars());
                vars.putAll(entry.vars() == null ? Map.of() : entry.vars());
                boxes.add(new Box(Objects.requireNonNullElse(entry.name(), ""),
                        Objects.requireNonNullElse(entry.host(), ""),
                        first(entry.port(), defaults.port(), DEFAULT_PORT),
                        first(entry.user(), defaults.user(), DEFAULT_USER),
                        identityFile(first(entry.identityFile(), defaults.identityFile(), null)),
                        groups, vars,
                        first(entry.agentCommand(), defaults.agentCommand(), DEFAULT_AGENT_COMMAND),
                        first(entry.specPath(), defaults.specPath(), DEFAULT_SPEC_PATH),
                        first(entry.stateDirectory(), defaults.stateDirectory(), DEFAULT_STATE_DIRECTORY),
                        Optional.ofNullable(first(entry.daemonReloadCommand(), defaults.daemonReloadCommand(), null)),
                        become(entry.become(), defaults.become())));
            }
            checkGroupsAreNotBoxNames(entries, firstLine.keySet());
            if (!problems.isEmpty()) {
                throw new SpecException(problems);
            }
            return new Inventory(file, boxes);
        }

        /** What a box and the defaults may both set; {@code settings}' name, host and groups are not looked at. */
        private void checkSettings(String field, InventoryFile.Entry settings) {
            Integer port = settings.port();
            if (port != null && (port < 1 || port > 65535)) {
                problems.add(source.problemAt(FieldPath.key(field, "port"), "expected a port from 1 to 65535, found "
                        + port));
            }
            if (settings.user() != null) {
                checkOneWord(FieldPath.key(field, "user"), settings.user());
            }
            if (settings.agentCommand() != null) {
                checkOneLine(FieldPath.key(field, "agent_command"), settings.agentCommand());
            }
            if (settings.daemonReloadCommand() != null) {
                checkOneLine(FieldPath.key(field, "daemon_reload_command"), settings.daemonReloadCommand());
            }
            checkBecome(FieldPath.key(field, "become"), settings.become());
            checkAbsolutePath(FieldPath.key(field, "spec_path"), settings.specPath());
            checkAbsolutePath(FieldPath.key(field, "state_directory"), settings.stateDirectory());
            Map<String, String> vars = settings.vars();
            (vars == null ? Map.<String, String>of() : vars).forEach((key, value) -> {
                String at = FieldPath.key(FieldPath.key(field, "vars"), key);
                if (!VARIABLE.matcher(key).matches() || BUILT_IN_VARIABLES.contains(key)) {
                    problems.add(source.problemAt(at, "a variable name is letters, digits and _ (not starting with a "
                            + "digit), and not name or host, which every box has"));
                }
                if (value == null) {
                    problems.add(source.problemAt(at, "the variable has no value"));
                } else {
                    checkOneLine(at, value);
                }
            });
        }

        private void checkBecome(String field, InventoryFile.BecomeEntry become) {
            if (become == null) {
                return;
            }
            if (become.method() != null && !BECOME_METHODS.contains(become.method())) {
                problems.add(source.problemAt(FieldPath.key(field, "method"), "expected one of "
                        + String.join(", ", BECOME_METHODS) + ", found \"" + become.method() + "\""));
            }
            if (become.user() != null) {
                checkOneWord(FieldPath.key(field, "user"), become.user());
            }
        }

        /**
         * The box's become, what it does not say taken from the defaults' (sudo as postgres when neither does); empty
         * also when the method is not one, which {@link #checkBecome} has reported.
         */
        private static Optional<Become> become(InventoryFile.BecomeEntry own, InventoryFile.BecomeEntry fallback) {
            if (own == null && fallback == null) {
                return Optional.empty();
            }
            InventoryFile.BecomeEntry none = new InventoryFile.BecomeEntry(null, null);
            InventoryFile.BecomeEntry box = Objects.requireNonNullElse(own, none);
            InventoryFile.BecomeEntry defaults = Objects.requireNonNullElse(fallback, none);
            String method = first(box.method(), defaults.method(), "sudo");
            return BECOME_METHODS.contains(method) ? Optional.of(new Become(Become.Method.valueOf(method
                    .toUpperCase(Locale.ROOT)), first(box.user(), defaults.user(), DEFAULT_AGENT_USER)))
                    : Optional.empty();
        }

        private void checkAbsolutePath(String field, String path) {
            if (path != null) {
                checkOneLine(field, path);
                if (!path.startsWith("/")) {
                    problems.add(source.problemAt(field, "expected an absolute path on the box, found \"" + path
                            + "\""));
                }
            }
        }

        private void checkName(String field, String name, String what) {
            if (name == null) {
                problems.add(source.problemAt(field, what + " needs a name"));
            } else if (!NAME.matcher(name).matches()) {
                problems.add(source.problemAt(field, what + " name is 1 to 63 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit"));
            }
        }

        /**
         * A value spliced into a spec or a command line must not be able to start a new line there: no control
         * character (U+0085 NEXT LINE among them), nor U+2028 or U+2029, which YAML also reads as line breaks.
         */
        private void checkOneLine(String field, String value) {
            if (value.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
                problems.add(source.problemAt(field, "a line break or control character is not allowed here"));
            }
        }

        private void checkOneWord(String field, String value) {
            if (value.isEmpty() || value.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))
                    || value.startsWith("-")) {
                problems.add(source.problemAt(field, "expected one word without spaces, control characters or a "
                        + "leading '-'"));
            }
        }

        /** {@code --limit NAME} must mean one thing. */
        private void checkGroupsAreNotBoxNames(List<InventoryFile.Entry> entries, Set<String> boxNames) {
            for (int i = 0; i < entries.size(); i++) {
                List<String> groups = entries.get(i).groups() == null ? List.of() : entries.get(i).groups();
                for (int g = 0; g < groups.size(); g++) {
                    if (boxNames.contains(groups.get(g))) {
                        problems.add(source.problemAt(FieldPath.index(FieldPath.key(FieldPath.index("boxes", i),
                                "groups"), g), "\"" + groups.get(g) + "\" is also a box name, so --limit "
                                + groups.get(g) + " would be ambiguous"));
                    }
                }
            }
        }

        /** {@code ~/} is the home directory; a relative path is relative to the inventory file. */
        private Optional<Path> identityFile(String written) {
            if (written == null) {
                return Optional.empty();
            }
            if (written.startsWith("~/")) {
                return Optional.of(Path.of(System.getProperty("user.home")).resolve(written.substring(2)));
            }
            Path directory = file.toAbsolutePath().getParent();
            return Optional.of(directory.resolve(written).normalize());
        }

        private static <T> T first(T own, T fallback, T standard) {
            return own != null ? own : fallback != null ? fallback : standard;
        }
    }
}
