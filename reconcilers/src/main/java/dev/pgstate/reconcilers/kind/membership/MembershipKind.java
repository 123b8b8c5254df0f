package dev.pgstate.reconcilers.kind.membership;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.KeptIndex;
import dev.pgstate.reconcilers.core.live.RememberedRows;
import dev.pgstate.reconcilers.core.live.ServerReader;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A membership names two roles. */
public final class MembershipKind implements ManagedKind {

    public static final KindName NAME = new KindName("membership");

    /** {@code membership.app.idbox}: role app, member idbox. */
    public static Address address(String role, String member) {
        return Address.of(NAME, role, member);
    }

    /** The grants the latest read mapped, given again while the server's digest of their rows is the same. */
    private final RememberedRows<LiveMembership> grants = new RememberedRows<>();
    /** The grants by member, made again only when the grants differ from the latest read's. */
    private final KeptIndex<List<LiveMembership>, LiveMemberships> indexed = new KeptIndex<>();

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of(RoleKind.NAME);
    }

    @Override
    public KindState readInSnapshot(Spec spec, Connection session, ServerReader.Server server) throws SQLException {
        return new MembershipState(server.info(),
                indexed.of(MembershipReader.read(session, server.info(), grants), LiveMemberships::new));
    }
}
