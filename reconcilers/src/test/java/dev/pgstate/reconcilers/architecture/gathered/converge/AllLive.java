package dev.pgstate.reconcilers.architecture.gathered.converge;

import dev.pgstate.reconcilers.architecture.gathered.kind.alpha.LiveAlpha;
import java.util.List;

/** Every kind's live records in one place outside the kinds, as the engine's whole live state once was. */
public record AllLive(List<LiveAlpha> alphas) {
}
