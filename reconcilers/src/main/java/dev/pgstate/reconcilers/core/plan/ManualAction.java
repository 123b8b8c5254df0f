package dev.pgstate.reconcilers.core.plan;

/**
 * A difference the agent will not fix by itself, such as an encoding chosen at creation or a role to drop
 * that still owns objects and has no heir named. It is reported on every plan until a person acts.
 */
public record ManualAction(Address address, String attribute, Object expected, Object found, String reason) {
}
