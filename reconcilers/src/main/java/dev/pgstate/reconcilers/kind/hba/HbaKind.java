package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.membership.MembershipKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.List;

/** pg_hba.conf names roles, groups (memberships) and databases, so it is rewritten once they exist. */
public final class HbaKind implements ManagedKind {

    public static final KindName NAME = new KindName("hba");

    /** The rules of pg_hba.conf, one object however many rules there are: {@code hba.rules}. */
    static final Address RULES = Address.of(NAME, "rules");

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of(RoleKind.NAME, MembershipKind.NAME, DatabaseKind.NAME);
    }
}
