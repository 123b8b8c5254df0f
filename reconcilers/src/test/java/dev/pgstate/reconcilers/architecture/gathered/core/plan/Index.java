package dev.pgstate.reconcilers.architecture.gathered.core.plan;

import dev.pgstate.reconcilers.architecture.gathered.converge.AllLive;

/** Deliberately wrong: a core index over the whole live state, which names every kind through it. */
public record Index(AllLive live) {
}
