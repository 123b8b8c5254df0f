package dev.pgstate.model;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.model.load.SpecProblem;
import dev.pgstate.model.validate.SpecValidator;
import dev.pgstate.model.spec.Spec;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The one call most callers need: a spec file in, a valid {@link Spec} out, or every problem in it. */
public final class Specs {

    /**
     * A look at the spec file's exact bytes before they are parsed, such as whether they carry a trusted signature;
     * it refuses by throwing a {@link SpecException}. The bytes it sees are the bytes then parsed, never a second
     * read of a file that may have changed meanwhile.
     */
    @FunctionalInterface
    public interface ContentCheck {
        ContentCheck NONE = (file, content) -> { };

        void check(Path file, byte[] content);
    }

    private Specs() {
    }

    /**
     * The spec in {@code file}, which, like the program its {@code restart_command} names by path, must be one the
     * agent may obey ({@link FileTrust}): whoever can change it decides what the agent runs.
     *
     * @throws SpecException with all problems, one per line, when the file is not a valid spec or is not to be
     *                       trusted (exit 65)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Spec load(Path file) {
        return load(file, FileTrust.ofThisProcess());
    }

    /** Like {@link #load(Path)}, trusting as {@code trust} says. */
    public static Spec load(Path file, FileTrust trust) {
        return read(file, trust, ContentCheck.NONE).spec();
    }

    /** Like {@link #load(Path)}, the file's bytes passing {@code check} first. */
    public static Spec load(Path file, ContentCheck check) {
        return read(file, FileTrust.ofThisProcess(), check).spec();
    }

    /** Like {@link #load(Path)}, keeping where each field was written, for findings that point at spec lines. */
    public static LoadedSpec read(Path file) {
        return read(file, ContentCheck.NONE);
    }

    /** Like {@link #read(Path)}, the file's bytes passing {@code check} first. */
    public static LoadedSpec read(Path file, ContentCheck check) {
        return read(file, FileTrust.ofThisProcess(), check);
    }

    private static LoadedSpec read(Path file, FileTrust trust, ContentCheck check) {
        trust.fileProblem(file, FileTrust.Readers.ANYONE).ifPresent(problem -> {
            throw SpecException.of(new SpecProblem(file.toString(), 1, 1, "", "refused: " + problem));
        });
        byte[] content = SpecLoader.readBytes(file);
        check.check(file, content);
        LoadedSpec loaded = validated(() -> SpecLoader.read(file.toString(), SpecLoader.text(file.toString(), content)));
        Spec spec = loaded.spec();
        restartProgram(spec).flatMap(program -> trust.fileProblem(program, FileTrust.Readers.ANYONE))
                .ifPresent(problem -> {
                    throw SpecException.of(loaded.source().problemAt("server.restart_command",
                            "refused: " + problem));
                });
        return loaded;
    }

    /** @param sourceName what problems name as the file */
    public static Spec load(String sourceName, String yamlText) {
        return validated(() -> SpecLoader.read(sourceName, yamlText)).spec();
    }

    /**
     * Loads and validates in one report: when binding found problems, the rest of the spec, as far as it could be
     * bound, is validated too, leaving out what the values that did not fit would make wrong (a problem at, above or
     * below a value left out is not repeated as a second one).
     */
    private static LoadedSpec validated(Supplier<LoadedSpec> reading) {
        LoadedSpec loaded;
        try {
            loaded = reading.get();
        } catch (SpecException e) {
            if (e.partial().isEmpty()) {
                throw e;
            }
            List<String> leftOut = e.partial().get().leftOut();
            List<SpecProblem> problems = new ArrayList<>(e.problems());
            SpecValidator.problems(e.partial().get().loaded()).stream()
                    .filter(problem -> leftOut.stream().noneMatch(path -> related(path, problem.field())))
                    .forEach(problems::add);
            throw new SpecException(problems);
        }
        SpecValidator.validate(loaded);
        return loaded;
    }

    /** True when one path is the other or lies inside it ({@code tls.key} and {@code tls.key.issue}). */
    private static boolean related(String a, String b) {
        return inside(a, b) || inside(b, a);
    }

    private static boolean inside(String path, String container) {
        return path.equals(container) || container.isEmpty()
                || path.startsWith(container) && (path.charAt(container.length()) == '.'
                || path.charAt(container.length()) == '[');
    }

    /** The program a restart command starts with, when it names one by path rather than through PATH. */
    private static Optional<Path> restartProgram(Spec spec) {
        String command = spec.server() == null ? null : spec.server().restartCommand();
        if (command == null) {
            return Optional.empty();
        }
        String first = firstShellWord(command.strip());
        return first.contains("/") ? Optional.of(Path.of(first)) : Optional.empty();
    }

    /** The program a shell runs: the first word, unquoted when it is in single or double quotes. */
    private static String firstShellWord(String command) {
        if (command.startsWith("'") || command.startsWith("\"")) {
            int end = command.indexOf(command.charAt(0), 1);
            return end < 0 ? command.substring(1) : command.substring(1, end);
        }
        return command.split("\\s+", 2)[0];
    }
}
