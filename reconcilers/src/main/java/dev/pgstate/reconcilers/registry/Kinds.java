package dev.pgstate.reconcilers.registry;

import dev.pgstate.reconcilers.core.plan.ChangeOrder;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.core.plan.PlanInputs;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import dev.pgstate.reconcilers.core.state.KeyedDirectory;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.extension.ExtensionKind;
import dev.pgstate.reconcilers.kind.hba.HbaKind;
import dev.pgstate.reconcilers.kind.membership.MembershipKind;
import dev.pgstate.reconcilers.kind.objectsetting.ObjectSettingsKind;
import dev.pgstate.reconcilers.kind.role.PasswordVerdicts;
import dev.pgstate.reconcilers.kind.role.RememberedChecks;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import dev.pgstate.reconcilers.kind.schema.SchemaKind;
import dev.pgstate.reconcilers.kind.setting.SettingKind;
import dev.pgstate.reconcilers.kind.tls.TlsKind;
import java.util.List;

/** The registry: every managed kind, one line each; the order of changes follows their needs, ties in this order. */
public final class Kinds {

    public static final List<ManagedKind> ALL = List.of(
            new RoleKind(),
            new MembershipKind(),
            new DatabaseKind(),
            new ObjectSettingsKind(),
            new SettingKind(),
            new TlsKind(),
            new HbaKind(),
            new SchemaKind(),
            new ExtensionKind());

    /** What the unmanaged policy covers, as the daemon's metrics count it: roles, superusers apart, and databases. */
    public static final List<UnmanagedObject.Group> UNMANAGED_GROUPS = List.of(
            new UnmanagedObject.Group(RoleKind.NAME, true), new UnmanagedObject.Group(RoleKind.NAME, false),
            new UnmanagedObject.Group(DatabaseKind.NAME, false));

    /** The order changes are applied in. */
    public static final ChangeOrder ORDER = new ChangeOrder(ALL);

    /**
     * What a planner plans with unless told otherwise: passwords checked with SCRAM over every core, and the outcomes
     * remembered in memory until the next plan.
     */
    public static PlanInputs planInputs() {
        return planInputs(PasswordVerdicts.remembering(RememberedChecks.inMemory()));
    }

    /** With the password checks' outcomes remembered in the {@code state} directory, across runs. */
    public static PlanInputs planInputs(KeyedDirectory state) {
        return planInputs(PasswordVerdicts.remembering(RememberedChecks.in(state)));
    }

    /** With the password checks made, and remembered, by {@code passwordVerdicts}. */
    public static PlanInputs planInputs(PasswordVerdicts passwordVerdicts) {
        return RoleKind.checkingPasswords(PlanInputs.NONE, passwordVerdicts);
    }

    private Kinds() {
    }
}
