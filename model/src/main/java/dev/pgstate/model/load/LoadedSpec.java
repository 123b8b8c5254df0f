package dev.pgstate.model.load;

import dev.pgstate.model.spec.Spec;
import java.util.Objects;

/** A bound spec together with where each of its fields was written, so validation can point at them. */
public record LoadedSpec(Spec spec, SourceMap source) {

    public LoadedSpec {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
    }
}
