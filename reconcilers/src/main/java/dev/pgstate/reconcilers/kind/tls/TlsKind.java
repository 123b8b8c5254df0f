package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/** TLS files name no object; they are installed before the reload that ssl = on and the file settings need. */
public final class TlsKind implements ManagedKind {

    public static final KindName NAME = new KindName("tls");

    /** The server's TLS material, certificate, key, CA bundle and CRL together: {@code tls.server}. */
    static final Address SERVER = Address.of(NAME, "server");

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of();
    }
}
