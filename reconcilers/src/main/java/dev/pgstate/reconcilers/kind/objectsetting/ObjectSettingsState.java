package dev.pgstate.reconcilers.kind.objectsetting;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import dev.pgstate.reconcilers.kind.setting.SettingState;

/**
 * Reads nothing of its own: the settings roles and databases give their sessions come with the setting kind's read of
 * the configuration (pg_db_role_setting beside pg_settings), which plans them against the spec's roles and databases.
 * An exported spec gets them from {@link ObjectSettingsExport}, read whatever the spec says.
 */
record ObjectSettingsState(ServerInfo server) implements KindState {

    @Override
    public boolean plansFromInputsAlone(Spec spec) {
        return true;
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
        LiveSettings live = context.state(SettingState.class).map(SettingState::live).orElse(LiveSettings.NONE);
        new ObjectSettingsPlanner(live, server.major(), server.currentUser(), findings)
                .plan(context.spec().roles(), context.spec().databases());
    }

    @Override
    public Spec export(Spec exported) {
        return exported;
    }
}
