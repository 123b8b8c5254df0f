package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.core.plan.ChangeOrder;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.extension.ExtensionKind;
import dev.pgstate.reconcilers.kind.hba.HbaKind;
import dev.pgstate.reconcilers.kind.membership.MembershipKind;
import dev.pgstate.reconcilers.kind.objectsetting.ObjectSettingsKind;
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

    /** The order changes are applied in. */
    public static final ChangeOrder ORDER = new ChangeOrder(ALL);

    private Kinds() {
    }
}
