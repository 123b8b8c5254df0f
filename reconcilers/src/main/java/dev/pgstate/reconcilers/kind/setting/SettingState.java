package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
import java.util.List;
import java.util.Map;

/**
 * The server's configuration as read in the one snapshot for a spec that manages parameters, TLS or an object's
 * settings ({@link LiveSettings#NONE} otherwise), which plans the spec's server parameters; with ssl = on and the file
 * names of the TLS kind's material added, only when that material passed its checks, so a reload never breaks TLS.
 * An exported spec's parameters come from {@link SettingsExport}, read whatever the spec says.
 */
public record SettingState(ServerInfo server, LiveSettings live) implements KindState {

    @Override
    public void plan(PlanContext context, Findings findings) {
        Map<String, String> tls = context.state(ResolvedTls.class).map(ResolvedTls::settings).orElse(Map.of());
        if (context.state(ResolvedTls.class).filter(ResolvedTls::managed).isPresent() && !listensOnTcp(context.spec())) {
            findings.problems.add("tls: the server is to listen on no TCP address (listen_addresses is empty), so no "
                    + "client could use the certificate and the agent cannot prove which one it serves: set "
                    + "server.listen_addresses, or leave the tls section out");
        }
        new SettingsPlanner(context.spec().server().plus(tls), live, server.major(), findings).plan();
    }

    /** The spec's listen_addresses, else the server's: TLS and its probe need a TCP address. */
    private boolean listensOnTcp(Spec spec) {
        List<String> desired = spec.server().listenAddresses();
        if (desired != null) {
            return !desired.isEmpty();
        }
        return live.parameter("listen_addresses").map(p -> !p.setting().isBlank()).orElse(true);
    }

    @Override
    public Spec export(Spec exported) {
        return exported;
    }
}
