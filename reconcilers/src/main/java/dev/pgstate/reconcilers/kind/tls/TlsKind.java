package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/** TLS files name no object; they are installed before the reload that ssl = on and the file settings need. */
public final class TlsKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.TLS;
    }

    @Override
    public List<Kind> needs() {
        return List.of();
    }
}
