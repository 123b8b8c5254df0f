package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.KindState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec that describes a server as it is. Pure: no I/O. Each kind writes itself in ({@link KindState#export}), in
 * the registry's order: every role except the predefined ones and the bootstrap superuser, with every attribute and
 * membership spelled out, the settings roles and databases give their sessions, every database initdb did not make
 * and its extensions, pg_hba.conf, the server's parameters and its TLS files, each saying what it could not write
 * ({@link KindState#notExported}) and where its values come from ({@link KindState#origins}). Everything is written
 * explicitly so that the exported spec manages exactly what it shows, except passwords, which are never exported.
 */
public final class ExportedSpec {

    private ExportedSpec() {
    }

    /** The exported spec, what it could not say, and where its values come from ({@link KindState#origins}). */
    public record Described(Spec spec, List<String> notExported, Map<String, String> origins) {
        public Described {
            notExported = List.copyOf(notExported);
            origins = Map.copyOf(origins);
        }
    }

    /** Like {@link #from(LiveState)}, with what each kind could not export and where its values come from. */
    public static Described described(LiveState live) {
        List<String> notExported = new ArrayList<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (KindState kind : live.kinds()) {
            notExported.addAll(kind.notExported());
            origins.putAll(kind.origins());
        }
        return new Described(from(live), notExported, origins);
    }

    public static Spec from(LiveState live) {
        Spec spec = Spec.builder().build();
        for (KindState kind : live.kinds()) {
            spec = kind.export(spec);
        }
        return spec;
    }
}
