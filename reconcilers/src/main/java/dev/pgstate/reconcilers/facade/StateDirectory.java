package dev.pgstate.reconcilers.facade;

import dev.pgstate.reconcilers.kind.role.RememberedChecks;
import java.io.IOException;
import java.nio.file.Path;
import javax.crypto.Mac;

/**
 * The agent's state directory as the engine keeps it: the password checks remembered there, and the directory's key,
 * from which the keys of its other uses (sealing saved plans) are derived. An engine remembers its checks in it with
 * {@link Engine#rememberingPasswordChecks}.
 */
public final class StateDirectory {

    private final RememberedChecks checks;

    private StateDirectory(RememberedChecks checks) {
        this.checks = checks;
    }

    /**
     * The directory, made private to the agent when it is missing; its files are used only when they are the agent's
     * own and intact.
     *
     * @throws IOException when the directory cannot be made or others could write to it
     */
    public static StateDirectory in(Path directory) throws IOException {
        return new StateDirectory(RememberedChecks.in(directory));
    }

    /**
     * A MAC under a key of this directory's own for {@code purpose} (e.g. "saved plans"), the same for every process
     * using the directory and never the one the password checks use.
     *
     * @throws IOException when the key cannot be written
     */
    public Mac macFor(String purpose) throws IOException {
        return checks.macFor(purpose);
    }

    RememberedChecks checks() {
        return checks;
    }
}
