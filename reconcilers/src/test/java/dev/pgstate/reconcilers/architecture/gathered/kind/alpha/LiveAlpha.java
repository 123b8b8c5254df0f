package dev.pgstate.reconcilers.architecture.gathered.kind.alpha;

/** One live record of the kind. */
public record LiveAlpha(String name) {
}
