package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.MustKeepSpec;
import dev.pgstate.reconcilers.conf.HbaClient;
import java.util.ArrayList;
import java.util.List;

/** A connection lockout protection keeps working, with who it is in words: the agent's own, or a must_keep entry. */
public record Guarded(String who, HbaClient client) {

    /**
     * The agent's own session first, then each must_keep entry. A must_keep database {@code all} stands for every
     * database, so only rules for all databases can keep it.
     */
    public static List<Guarded> of(HbaClient agentSession, List<MustKeepSpec> mustKeep) {
        List<Guarded> guarded = new ArrayList<>(List.of(new Guarded("the agent's own connection", agentSession)));
        for (int i = 0; i < mustKeep.size(); i++) {
            MustKeepSpec keep = mustKeep.get(i);
            HbaClient client = keep.local() ? HbaClient.socket(keep.user(), keep.database())
                    : HbaClient.tcp(keep.address(), keep.ssl(), keep.user(), keep.database());
            guarded.add(new Guarded("hba.must_keep[" + i + "]", client));
        }
        return guarded;
    }
}
