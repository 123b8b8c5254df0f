package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.spec.SettingsStrategy;
import dev.pgstate.reconcilers.core.live.ConfigFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Decides where the spec's strategy puts parameters on this server. */
final class SettingTargets {

    /**
     * The agent's drop-in: the server reads an include_dir's {@code *.conf} files in C order, so the name sorts
     * after the usual {@code 00-…}/{@code 50-…} and lower-case names, and the agent's values come last.
     */
    static final String DROP_IN = "zz-pgstate.conf";

    private SettingTargets() {
    }

    /**
     * ALTER SYSTEM writes postgresql.auto.conf. The file strategy uses a drop-in in the last include_dir of the
     * main config (the one read last), else a block in postgresql.conf; it is empty when the agent cannot read
     * the config, e.g. because the server runs on another machine.
     */
    static Optional<SettingTarget> choose(SettingsStrategy strategy, ConfigFiles files) {
        if (strategy == SettingsStrategy.ALTER_SYSTEM) {
            Path autoConf = files.dataDirectory() == null ? Path.of("postgresql.auto.conf") : files.autoConf();
            return Optional.of(new SettingTarget(SettingTarget.Writer.ALTER_SYSTEM, autoConf, files.configFile()));
        }
        if (!files.readable()) {
            return Optional.empty();
        }
        List<Path> dirs = files.includeDirs();
        return Optional.of(dirs.isEmpty()
                ? new SettingTarget(SettingTarget.Writer.CONF_BLOCK, files.configFile(), files.configFile())
                : new SettingTarget(SettingTarget.Writer.DROP_IN, dirs.get(dirs.size() - 1).resolve(DROP_IN),
                        files.configFile()));
    }
}
