package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.live.CatalogQuery;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** The files a server with ssl = on reads, as references: one query, then their owners and modes on disk. */
    @Override
    public KindState readAll(Connection session, DatabaseSessions databases) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        CatalogQuery.list(session, TlsExport.SQL, rs -> Map.entry(rs.getString("name"),
                Objects.requireNonNullElse(rs.getString("setting"), ""))).forEach(s -> settings.put(s.getKey(), s.getValue()));
        return TlsExport.of(settings);
    }
}
