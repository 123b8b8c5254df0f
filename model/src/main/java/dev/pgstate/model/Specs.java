package dev.pgstate.model;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.model.validate.SpecValidator;
import dev.pgstate.model.spec.Spec;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The one call most callers need: a spec file in, a valid {@link Spec} out, or every problem in it. */
public final class Specs {

    private Specs() {
    }

    /**
     * @throws SpecException with all problems, one per line, when the file is not a valid spec (exit 65)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Spec load(Path file) {
        return SpecValidator.validate(SpecLoader.read(file));
    }

    /** Like {@link #load(Path)}, keeping where each field was written, for findings that point at spec lines. */
    public static LoadedSpec read(Path file) {
        LoadedSpec loaded = SpecLoader.read(file);
        SpecValidator.validate(loaded);
        return loaded;
    }

    /** @param sourceName what problems name as the file */
    public static Spec load(String sourceName, String yamlText) {
        return SpecValidator.validate(SpecLoader.read(sourceName, yamlText));
    }
}
