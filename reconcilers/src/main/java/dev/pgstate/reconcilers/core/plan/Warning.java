package dev.pgstate.reconcilers.core.plan;

/** Something the plan will do that may not have the effect the spec's author expects; it does not stop the apply. */
public record Warning(Address address, String message) {
}
