package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.KindState;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent observed on the server in one read: the server's facts and each kind's own live state, which the
 * kind's planner reads, and the kinds it needs read too. {@code kinds} holds what the kinds that read themselves
 * found: first what they read in the snapshot ({@code ManagedKind#readInSnapshot}), then the rest (pg_hba.conf only
 * when the spec manages it, since that needs the agent on the server's box), each in the registry's order.
 */
public record LiveState(ServerInfo server, List<KindState> kinds) {

    public LiveState {
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }

    /** With what the registry's kinds read themselves ({@code ManagedKind#read}), after what they read in the snapshot. */
    public LiveState plusKinds(List<KindState> read) {
        List<KindState> all = new ArrayList<>(kinds);
        all.addAll(read);
        return new LiveState(server, all);
    }
}
