package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import dev.pgstate.reconcilers.core.live.CatalogQuery;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.live.ServerConfiguration;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.core.plan.Resolving;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TLS files name no object; they are installed before the reload that ssl = on and the file settings need. */
public final class TlsKind implements ManagedKind {

    private static final Logger LOG = LoggerFactory.getLogger(TlsKind.class);

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

    /**
     * The spec's TLS material for this server: files read, certificates kept or issued, all checked. What the state
     * directory must keep for it (a CA created or rotated, a CRL renewed) comes back prepared, for the apply that
     * installs the files to commit; a plan drops it.
     */
    @Override
    public Optional<KindState> resolve(Spec spec, List<KindState> read, Resolving resolving) {
        if (spec.tls() == null) {
            return Optional.of(ResolvedTls.NONE);
        }
        ServerConfiguration configuration = ServerConfiguration.in(read);
        Path dataDirectory = configuration.files().dataDirectory();
        if (dataDirectory == null) {
            return Optional.of(ResolvedTls.refused(List.of("the server's data directory is unknown: the agent needs "
                    + "pg_read_all_settings (or superuser) and to run on the server's box to manage TLS files")));
        }
        try {
            String serverUser = Files.getOwner(dataDirectory).getName();
            TlsResolver resolver = new TlsResolver(dataDirectory, serverUser,
                    new CaStore(Path.of(spec.tls().stateDirectory())));
            return Optional.of(withServed(resolver.resolve(spec.tls(), resolving.secrets().tlsKeyPassphrase(),
                    resolving.now()), configuration, resolving));
        } catch (IOException e) {
            return Optional.of(ResolvedTls.refused(List.of("cannot read the data directory " + dataDirectory + ": "
                    + FileFaults.describe(e))));
        }
    }

    /**
     * The certificate a running server with ssl = on hands out: files that are right do not prove a reload took
     * them up. A server the probe cannot reach over TCP is left unprobed, as TLS is then none of its clients' way.
     */
    private static ResolvedTls withServed(ResolvedTls tls, ServerConfiguration configuration, Resolving agent) {
        boolean sslOn = configuration.value("ssl").map("on"::equals).orElse(false);
        if (!tls.usable() || !sslOn) {
            return tls;
        }
        ProbeTarget target = ProbeTarget.of(agent.host(), agent.port(), configuration.port());
        try {
            return TlsProbe.served(target.host(), target.port()).map(tls::withServed).orElse(tls);
        } catch (IOException e) {
            LOG.debug("no TLS probe of {}:{}: {}", target.host(), target.port(), e.getMessage());
            return tls;
        }
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
