package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
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
        new SettingsPlanner(context.spec().server().plus(tls), live, server.major(), findings).plan();
    }

    @Override
    public Spec export(Spec exported) {
        return exported;
    }
}
