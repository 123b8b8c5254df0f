package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.ConfigFiles;
import dev.pgstate.reconcilers.core.live.ServerConfiguration;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The server's configuration as read in the one snapshot for a spec that manages parameters, TLS or an object's
 * settings ({@link LiveSettings#NONE} otherwise), which plans the spec's server parameters; with ssl = on and the file
 * names of the TLS kind's material added, only when that material passed its checks, so a reload never breaks TLS.
 * An exported spec's parameters come from {@link SettingsExport}, read whatever the spec says.
 */
public record SettingState(ServerInfo server, LiveSettings live) implements KindState, ServerConfiguration {

    /**
     * The server's configuration among what the kinds read ({@code read}); none when it was not read or the spec
     * manages no parameter.
     */
    public static LiveSettings liveIn(List<KindState> read) {
        return KindState.find(read, SettingState.class).map(SettingState::live).orElse(LiveSettings.NONE);
    }

    @Override
    public ConfigFiles files() {
        return live.files();
    }

    @Override
    public Optional<String> value(String parameter) {
        return live.parameter(parameter).map(ServerSetting::setting);
    }

    /** The TLS settings it plans with are the resolved TLS material's, among the inputs (which say false). */
    @Override
    public boolean plansFromInputsAlone(Spec spec) {
        return true;
    }

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

    /** What would keep the server from starting with the plan's settings ({@link StartChecks}). */
    @Override
    public List<String> startProblems(Spec spec, Plan plan, Connection session) throws SQLException {
        return StartChecks.problems(spec, live, plan, session);
    }

    /** The spec's listen_addresses, else the server's: TLS and its probe need a TCP address. */
    private boolean listensOnTcp(Spec spec) {
        List<String> desired = spec.server().listenAddresses();
        if (desired != null) {
            return !desired.isEmpty();
        }
        return live.parameter("listen_addresses").map(p -> !p.setting().isBlank()).orElse(true);
    }

    /**
     * Each parameter the spec sets or resets, or the TLS kind's material sets: the server's value, the lines on disk
     * and the roles' and databases' own values. A line's place among all lines ({@code seqno}) is left out, as a line
     * added for another parameter shifts it.
     */
    @Override
    public Map<Address, String> digestTexts(Spec spec, List<KindState> read) {
        SortedSet<String> names = new TreeSet<>();
        spec.server().desired().forEach(setting -> names.add(setting.name().toLowerCase(Locale.ROOT)));
        spec.server().reset().forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        KindState.find(read, ResolvedTls.class).ifPresent(tls -> tls.settings().keySet()
                .forEach(name -> names.add(name.toLowerCase(Locale.ROOT))));
        Map<Address, String> texts = new LinkedHashMap<>();
        names.forEach(name -> texts.put(SettingKind.address(name), digestText(name)));
        return texts;
    }

    private String digestText(String name) {
        StringBuilder text = new StringBuilder(live.parameter(name).map(Object::toString).orElse("absent"));
        live.fileLines().stream().filter(line -> name.equalsIgnoreCase(line.name()))
                .map(line -> line.sourcefile() + ":" + line.sourceline() + " " + line.name() + " = " + line.setting()
                        + " applied " + line.applied() + " error " + line.error())
                .sorted().forEach(line -> text.append('\n').append(line));
        live.overridesOf(name).stream().map(Object::toString).sorted()
                .forEach(override -> text.append('\n').append(override));
        return text.toString();
    }

    @Override
    public Spec export(Spec exported) {
        return exported;
    }
}
