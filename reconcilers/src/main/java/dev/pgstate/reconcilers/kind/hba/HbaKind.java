package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.List;

/** pg_hba.conf names roles, groups (memberships) and databases, so it is rewritten once they exist. */
public final class HbaKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.HBA;
    }

    @Override
    public List<Kind> needs() {
        return List.of(Kind.ROLE, Kind.MEMBERSHIP, Kind.DATABASE);
    }
}
