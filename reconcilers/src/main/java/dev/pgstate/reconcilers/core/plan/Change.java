package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One difference between spec and server that the agent will remove. Each kind's changes are records in the kind's
 * package, so the applier is typed; the reason is for display only and never drives the apply.
 */
public interface Change {

    Address address();

    Action action();

    List<? extends AttributeChange<?>> attributes();

    Set<Risk> risks();

    default Effect effect() {
        return Effect.NONE;
    }

    /**
     * The server config file the change writes, if any: an apply keeps it first, the way back from a reload the
     * server does not show or a restart it does not survive; such a rollback undoes the change.
     */
    default Optional<Path> configFile() {
        return Optional.empty();
    }

    /** The server parameter the change sets or resets, by its lower-case name, if it sets one. */
    default Optional<String> parameter() {
        return Optional.empty();
    }

    /** The port the server listens on once the change takes effect, when it moves it: the apply reconnects there. */
    default OptionalInt newPort() {
        return OptionalInt.empty();
    }

    /**
     * How the change would stop a connection that must keep working (the agent's own first), in words; apply refuses
     * a plan with any unless told to allow it.
     */
    default List<String> lockouts() {
        return List.of();
    }

    /**
     * Whether all that is left of the change is a restart: its value is on disk already. With {@code restart: never}
     * a plan of only such changes is as converged as an apply can make it.
     */
    default boolean awaitsRestartOnly() {
        return false;
    }

    /** Why the change is in the plan, in words. */
    String reason();

    /** How the applier carries it out. */
    Execution execution();

    /** The SQL that carries it out on a server of this version, in order; none for a change made by files. */
    List<String> statements(ServerInfo server);

    /**
     * The objects that must be in place for this change, its own address among them when a failure of an earlier
     * change of the same object must hold it back. With the kinds' order ({@code ManagedKind#needs}) this is the one
     * dependency model: a change whose needs include a failed change's address is skipped.
     */
    Set<Address> needs();

    /** Whether this change must be skipped because {@code earlier} failed. */
    default boolean dependsOn(Change earlier) {
        return needs().contains(earlier.address());
    }

    default KindName kind() {
        return address().kind();
    }
}
