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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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

    /**
     * Valid specs kept between runs for the bytes they were parsed from (the agent's state directory): what this
     * build makes of a file's bytes is the same every time, parsing and validating depending on them alone, so a run
     * that finds it there need not parse the file again.
     */
    public interface Kept {
        /** Keeps nothing. */
        Kept NOTHING = new Kept() {
            @Override
            public Optional<Spec> spec(byte[] content) {
                return Optional.empty();
            }

            @Override
            public void keep(byte[] content, Spec spec) {
            }
        };

        /** The valid spec this build made of these very bytes, if kept. */
        Optional<Spec> spec(byte[] content);

        /** Keeps {@code spec}, valid and made of {@code content}, for later runs. */
        void keep(byte[] content, Spec spec);
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

    /**
     * Like {@link #read(Path, ContentCheck)}, finding the spec in {@code kept} when its bytes were parsed before, and
     * keeping it there when they were not. Who may write the file, the content check and the restart program are
     * checked all the same; where each field was written is found from the bytes when first asked.
     */
    public static LoadedSpec read(Path file, ContentCheck check, Kept kept) {
        FileTrust trust = FileTrust.ofThisProcess();
        refuseUntrusted(file, trust);
        byte[] content = SpecLoader.readBytes(file);
        check.check(file, content);
        Optional<LoadedSpec> known = kept.spec(content)
                .map(spec -> SpecLoader.parsedBefore(file.toString(), content, spec));
        if (known.isPresent()) {
            refuseUntrustedRestartProgram(known.get(), trust);
            return known.get();
        }
        LoadedSpec loaded = parsed(file, content, trust);
        kept.keep(content, loaded.spec());
        return loaded;
    }

    /**
     * Like {@link #load(Path, ContentCheck)} for a caller that reads the same file again and again (the daemon):
     * the very bytes {@code rereading} last parsed into a valid spec give that spec again without parsing and
     * validating them, since both depend on the bytes alone. Who may write the file, the content check
     * (a signature) and the restart program are checked on every read all the same.
     */
    public static Spec load(Path file, ContentCheck check, Rereading rereading) {
        FileTrust trust = FileTrust.ofThisProcess();
        rereading.lastReadSha256 = null;
        refuseUntrusted(file, trust);
        byte[] content = SpecLoader.readBytes(file);
        // comparing the bytes costs far less than a SHA-256 of them under the daemon's C1-only JIT
        boolean parsedBefore = Arrays.equals(content, rereading.parsedContent);
        String sha256 = parsedBefore ? rereading.parsedSha256 : sha256Of(content);
        rereading.lastReadSha256 = sha256;
        check.check(file, content);
        if (parsedBefore && restartProgramProblem(rereading.parsed, trust).isEmpty()) {
            return rereading.parsed;
        }
        rereading.parsedContent = null;
        rereading.parsed = null;
        rereading.parses++;
        Spec spec = parsed(file, content, trust).spec();
        rereading.parsedContent = content;
        rereading.parsedSha256 = sha256;
        rereading.parsed = spec;
        return spec;
    }

    /**
     * What {@link #load(Path, ContentCheck, Rereading)} keeps between reads of one file: the SHA-256 of the bytes
     * last read, and the valid spec last parsed with its bytes and their SHA-256.
     */
    public static final class Rereading {

        private String lastReadSha256;
        private byte[] parsedContent;
        private String parsedSha256;
        private Spec parsed;
        private long parses;

        /** The SHA-256 (lower-case hex, as sha256sum prints it) of the bytes the last load read, used or not. */
        public Optional<String> lastReadSha256() {
            return Optional.ofNullable(lastReadSha256);
        }

        /** How many times the bytes were parsed and validated, rather than known from the read before. */
        public long parses() {
            return parses;
        }
    }

    /** The SHA-256 of a spec file's bytes in lower-case hex, as sha256sum prints it. */
    public static String sha256Of(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static LoadedSpec read(Path file, FileTrust trust, ContentCheck check) {
        refuseUntrusted(file, trust);
        byte[] content = SpecLoader.readBytes(file);
        check.check(file, content);
        return parsed(file, content, trust);
    }

    private static void refuseUntrusted(Path file, FileTrust trust) {
        trust.fileProblem(file, FileTrust.Readers.ANYONE).ifPresent(problem -> {
            throw SpecException.of(new SpecProblem(file.toString(), 1, 1, "", "refused: " + problem));
        });
    }

    private static LoadedSpec parsed(Path file, byte[] content, FileTrust trust) {
        LoadedSpec loaded = validated(() -> SpecLoader.read(file.toString(), SpecLoader.text(file.toString(), content)));
        refuseUntrustedRestartProgram(loaded, trust);
        return loaded;
    }

    private static void refuseUntrustedRestartProgram(LoadedSpec loaded, FileTrust trust) {
        restartProgramProblem(loaded.spec(), trust).ifPresent(problem -> {
            throw SpecException.of(loaded.source().problemAt("server.restart_command", "refused: " + problem));
        });
    }

    /** Why the program the restart command names by path must not be run, if it must not. */
    private static Optional<String> restartProgramProblem(Spec spec, FileTrust trust) {
        return restartProgram(spec).flatMap(program -> trust.fileProblem(program, FileTrust.Readers.ANYONE));
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
