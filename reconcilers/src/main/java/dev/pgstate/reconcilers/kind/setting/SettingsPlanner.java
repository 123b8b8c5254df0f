package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.load.DidYouMean;
import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.ServerSpec.DesiredSetting;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Warning;
import dev.pgstate.reconcilers.kind.setting.FileSetting;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import dev.pgstate.reconcilers.kind.setting.ServerSetting;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Plans server parameters: each value the spec names is read against the server's own pg_settings (type, allowed
 * values, range; unknown names are problems), compared in canonical form, and when it differs either changed
 * (reload or restart, from the parameter's context), reported as waiting for its reload or restart, or reported
 * for manual action when a source the agent does not write wins over the one it does.
 */
public record SettingsPlanner(ServerSpec spec, LiveSettings live, int major, Findings out) {

    /** Sources that beat every config file; the agent cannot win against them by writing one. */
    private static final List<String> ABOVE_FILES = List.of("command line", "environment variable");

    public void plan() {
        List<DesiredSetting> desired = spec.desired();
        if (desired.isEmpty() && spec.reset().isEmpty()) {
            return;
        }
        Optional<SettingTarget> target = SettingTargets.choose(spec.strategy(), live.files());
        if (target.isEmpty()) {
            out.problems.add("server.strategy: file needs the agent on the server's machine, able to read "
                    + (live.files().configFile() == null ? "the server's config_file (connect as a superuser)"
                    : live.files().configFile()) + "; use strategy: alter-system otherwise");
            return;
        }
        String writeProblem = live.files().writeProblems().get(target.get().file());
        if (writeProblem != null) {
            out.problems.add("server.strategy: file writes " + (target.get().writer() == SettingTarget.Writer.DROP_IN
                    ? target.get().file() + " into the include_dir " + target.get().file().getParent()
                    : "its block into " + target.get().file()) + ", where the agent may not write: " + writeProblem);
            return;
        }
        desired.forEach(setting -> plan(setting, target.get()));
        for (int i = 0; i < spec.reset().size(); i++) {
            planReset(spec.reset().get(i), "server.reset[" + i + "]", target.get());
        }
        out.problems.addAll(ListenAddresses.problems(spec, live.localAddresses()));
    }

    private void plan(DesiredSetting setting, SettingTarget target) {
        Optional<ServerSetting> found = live.parameter(setting.name());
        if (found.isEmpty()) {
            out.problems.add(setting.field() + ": " + unknown(setting.name()));
            return;
        }
        ServerSetting parameter = found.get();
        if (parameter.readOnly()) {
            out.problems.add(setting.field() + ": " + parameter.name() + " is fixed when the cluster is built "
                    + "(context internal); no setting changes it");
            return;
        }
        SettingValue values = new SettingValue(parameter, major, live.serverForms(parameter.name()))
                .inDataDirectory(live.files().dataDirectory());
        Object wanted;
        try {
            wanted = values.canonical(setting.value());
        } catch (IllegalArgumentException invalid) {
            out.problems.add(setting.field() + ": " + invalid.getMessage());
            return;
        }
        warnOfOverrides(parameter, values, wanted);
        Object current = values.current();
        boolean runsWanted = SettingValue.same(wanted, current);
        if (runsWanted && !revertsAtNextReload(parameter, values, wanted)) {
            return;
        }
        Address address = SettingKind.address(parameter.name());
        String before = runsWanted ? values.display(current) + " now; reverts at the next reload ("
                + target.file().getFileName() + " does not hold it)" : values.display(current);
        String after = values.display(wanted);
        Optional<String> overriddenBy = overriddenBy(parameter, target);
        if (overriddenBy.isPresent()) {
            out.manualActions.add(new ManualAction(address, "value", after, before, overriddenBy.get()));
            return;
        }
        boolean onDisk = live.winningLine(parameter.name())
                .filter(line -> Path.of(line.sourcefile()).equals(target.file()))
                .filter(line -> readsAs(values, line.setting(), wanted))
                .isPresent();
        List<String> items = SettingValue.listItems(parameter.name(), setting.value());
        boolean itemByItem = !target.isFile() && SettingValue.quotesItems(parameter.name(), major);
        if (itemByItem && items.isEmpty() && !resetGivesEmpty(parameter, values, target)) {
            out.problems.add(setting.field() + ": an empty list cannot be written with ALTER SYSTEM (the server would "
                    + "store \"\", an item with an empty name), and ALTER SYSTEM RESET would not empty it (a default "
                    + "or another config file line gives a value); use strategy: file");
            return;
        }
        // the server already runs the value: writing it back needs a reload at most, never a restart
        Effect effect = parameter.needsRestart() && !runsWanted ? Effect.RESTART : Effect.RELOAD;
        out.changes.add(new AlterSetting(parameter.name(),
                List.of(new AttributeChange<>(SettingAttribute.VALUE, before, after)), setting.value(), items,
                itemByItem, target, onDisk, effect, false));
        if (onDisk && effect == Effect.RESTART && spec.restart() == RestartPolicy.NEVER) {
            out.warnings.add(new Warning(address, "waits for a restart, which the spec leaves to a person "
                    + "(restart: never); until then the server keeps " + before));
        }
    }

    /**
     * A parameter taken back to its default: the agent's line for it is removed from its target (ALTER SYSTEM RESET
     * for postgresql.auto.conf; out of the drop-in, or of the block in postgresql.conf, whose markers tell the
     * agent's lines from the admin's), if there is one.
     */
    private void planReset(String name, String field, SettingTarget target) {
        Optional<ServerSetting> found = live.parameter(name);
        if (found.isEmpty() || found.get().readOnly()) {
            out.problems.add(field + ": " + (found.isEmpty() ? unknown(name) : name + " is fixed when the cluster is built"));
            return;
        }
        ServerSetting parameter = found.get();
        if (spec.desired().stream().anyMatch(setting -> setting.name().equalsIgnoreCase(name))) {
            out.problems.add(field + ": " + name + " is given a value too; a parameter is either set or reset");
            return;
        }
        // in postgresql.conf only the block's lines are the agent's: an admin's line for it stays
        boolean conf = target.writer() == SettingTarget.Writer.CONF_BLOCK;
        if (live.linesIn(target.file(), parameter.name()).stream().noneMatch(line -> !conf || line.inAgentBlock())) {
            return;
        }
        SettingValue values = new SettingValue(parameter, major, live.serverForms(parameter.name()))
                .inDataDirectory(live.files().dataDirectory());
        Effect effect = parameter.needsRestart() ? Effect.RESTART : Effect.RELOAD;
        out.changes.add(new AlterSetting(parameter.name(), List.of(new AttributeChange<>(SettingAttribute.VALUE,
                values.display(values.current()), "(reset)")), "", List.of(), false, target, false, effect, true));
    }

    /**
     * The server runs the spec's value but the config files no longer give it (the agent's drop-in deleted, its line
     * taken out of postgresql.auto.conf or edited by hand, and no reload since): pg_settings cannot tell, the lines
     * on disk ({@code pg_file_settings}) can, and the next reload, by anyone, would change the value unseen. With no
     * line left, the value falls back to the compiled-in default; a value from the command line stays whatever the
     * files say.
     */
    private boolean revertsAtNextReload(ServerSetting parameter, SettingValue values, Object wanted) {
        if (ABOVE_FILES.contains(parameter.source())) {
            return false;
        }
        Optional<FileSetting> line = live.winningLine(parameter.name());
        if (line.isPresent()) {
            return !readsAs(values, line.get().setting(), wanted);
        }
        return parameter.fromAFile() && !readsAs(values, nullToEmpty(parameter.bootVal()), wanted);
    }

    /** ALTER SYSTEM RESET leaves the empty default: no config file other than postgresql.auto.conf sets it. */
    private boolean resetGivesEmpty(ServerSetting parameter, SettingValue values, SettingTarget target) {
        return readsAs(values, nullToEmpty(parameter.bootVal()), "") && live.fileLines().stream()
                .filter(line -> line.name().equalsIgnoreCase(parameter.name()))
                .allMatch(line -> Path.of(line.sourcefile()).equals(target.file()));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /**
     * Roles and databases with their own value (pg_db_role_setting) keep it in their sessions whatever the server's
     * is. That is their owners' choice, not drift: the plan names them so nobody wonders why a session differs.
     */
    private void warnOfOverrides(ServerSetting parameter, SettingValue values, Object wanted) {
        for (RoleDatabaseSetting override : live.overridesOf(parameter.name())) {
            if (!readsAs(values, override.value(), wanted)) {
                out.warnings.add(new Warning(SettingKind.address(parameter.name()), override.whose() + " sets "
                        + parameter.name() + " = '" + override.value() + "' (" + override.statement()
                        + "), which its sessions get instead of " + values.display(wanted)));
            }
        }
    }

    private String unknown(String name) {
        return unknown(name, major, live);
    }

    /** The server does not know it: maybe a typo, or an extension's parameter before the extension is loaded. */
    public static String unknown(String name, int major, LiveSettings live) {
        String unknown = "unknown parameter \"" + name + "\" on PostgreSQL " + major;
        Optional<String> close = DidYouMean.closest(name.toLowerCase(Locale.ROOT), live.parameters().keySet());
        if (close.isPresent()) {
            return unknown + "; did you mean \"" + close.get() + "\"?";
        }
        return name.contains(".") ? unknown + " (an extension's parameters are known once it is loaded)" : unknown;
    }

    private static boolean readsAs(SettingValue values, String text, Object wanted) {
        return values.readsAs(text, wanted);
    }

    /**
     * A source the agent does not write that wins over the target: the command line, or a line the server reads
     * after the target's lines (postgresql.auto.conf after any file; a later include). Writing the target again
     * would change nothing, so a person has to decide.
     */
    private Optional<String> overriddenBy(ServerSetting parameter, SettingTarget target) {
        if (ABOVE_FILES.contains(parameter.source())) {
            return Optional.of("set by the server's " + parameter.source() + ", which beats every config file; "
                    + "change it where the server is started");
        }
        Optional<FileSetting> winner = live.winningLine(parameter.name());
        if (winner.isEmpty() || Path.of(winner.get().sourcefile()).equals(target.file())) {
            return Optional.empty();
        }
        FileSetting line = winner.get();
        boolean afterTarget = target.isFile() && (Path.of(line.sourcefile()).equals(live.files().autoConf())
                || live.linesIn(target.file(), parameter.name()).stream().anyMatch(ours -> ours.seqno() < line.seqno()));
        if (!afterTarget) {
            return Optional.empty();
        }
        return Optional.of("overridden by " + line.sourcefile() + ":" + line.sourceline() + " (" + line.name()
                + " = '" + line.setting() + "'), which the server reads after " + target.file()
                + "; remove that line (ALTER SYSTEM RESET " + line.name() + " for postgresql.auto.conf) "
                + "or manage the parameter with strategy: alter-system");
    }
}
