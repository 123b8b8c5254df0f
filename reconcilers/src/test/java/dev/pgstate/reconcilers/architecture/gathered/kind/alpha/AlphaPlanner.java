package dev.pgstate.reconcilers.architecture.gathered.kind.alpha;

import dev.pgstate.reconcilers.architecture.gathered.converge.AllLive;

/** Deliberately wrong: a kind's planner reading the whole live state instead of its own records. */
public final class AlphaPlanner {

    public int count(AllLive live) {
        return live.alphas().size();
    }
}
