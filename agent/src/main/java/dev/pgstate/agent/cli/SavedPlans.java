package dev.pgstate.agent.cli;

import dev.pgstate.agent.saved.SavedPlan;
import dev.pgstate.agent.saved.SpecDigest;
import dev.pgstate.model.Specs;
import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.PlanBasis;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import dev.pgstate.reconcilers.facade.StateDirectory;
import dev.pgstate.reconcilers.secret.HmacSha256;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code plan --out} and {@code apply PLANFILE}: a saved plan is sealed and its live state digested under the state
 * directory's key, the one whose password checks the planner remembers, so both come from one {@link StateDirectory}.
 * A plan file that may not be used is exit 65 like a spec that may not be; a stale one is exit 1, as the server moved.
 */
final class SavedPlans {

    private static final String PURPOSE = "saved plans";

    private final StateDirectory directory;
    private final HmacSha256 mac;

    SavedPlans(StateDirectory directory) {
        this.directory = directory;
        try {
            this.mac = directory.macFor(PURPOSE);
        } catch (IOException e) {
            throw new AgentException(ExitCode.RUNTIME_ERROR, "cannot keep the key of saved plans: " + e.getMessage(), e);
        }
    }

    /** The state directory whose key seals the plans, for the engine to remember its password checks in. */
    StateDirectory directory() {
        return directory;
    }

    /**
     * Writes the plan file. A server certificate still to be issued is in it as its request (names, validity, the
     * issuing CA), never a key: apply issues one that matches, or finds the plan stale when the CA moved.
     */
    void save(Path file, Path specFile, String specSha256, Spec spec, PlanBasis basis) {
        try {
            SavedPlan.of(AgentCommand.Version.number(), specFile.toAbsolutePath(), specSha256,
                    basis.liveDigests(spec, mac), basis.plan()).write(file, mac);
        } catch (IOException e) {
            throw new AgentException(ExitCode.RUNTIME_ERROR,
                    "cannot write the plan file " + file + ": " + FileFaults.describe(e), e);
        }
    }

    SavedPlan read(Path file) {
        try {
            return SavedPlan.read(file, mac, AgentCommand.Version.number());
        } catch (NoSuchFileException e) {
            throw new AgentException(ExitCode.USAGE, "plan file " + file + " does not exist", e);
        } catch (SavedPlan.Refused e) {
            throw new AgentException(ExitCode.INVALID_SPEC, e.getMessage(), e);
        } catch (IOException e) {
            throw new AgentException(ExitCode.RUNTIME_ERROR,
                    "cannot read the plan file " + file + ": " + FileFaults.describe(e), e);
        }
    }

    /** The saved plan's spec, read with {@code check} as apply reads one; refused when its bytes changed. */
    LoadedSpec spec(SavedPlan saved, Path planFile, Specs.ContentCheck check) {
        SpecDigest digest = new SpecDigest();
        LoadedSpec loaded = SpecOption.read(saved.specFile(), (file, content) -> {
            check.check(file, content);
            digest.check(file, content);
        });
        if (!digest.sha256().equals(saved.specSha256())) {
            throw stale(planFile, List.of("the spec " + saved.specFile() + " changed since the plan was made"));
        }
        return loaded;
    }

    /**
     * What apply runs under its lock before changing anything: the spec read again, every object's digest and the
     * plan made now must all be the saved plan's, or nothing is applied.
     */
    Consumer<PlanBasis> guard(SavedPlan saved, Path planFile, Spec spec, Specs.ContentCheck check) {
        return basis -> {
            spec(saved, planFile, check);
            List<String> moved = new ArrayList<>(saved.moved(basis.liveDigests(spec, mac)));
            if (moved.isEmpty() && !saved.samePlanAs(basis.plan())) {
                moved.add("the plan made now differs from the saved one");
            }
            if (!moved.isEmpty()) {
                throw stale(planFile, moved);
            }
        };
    }

    private static AgentException stale(Path planFile, List<String> moved) {
        return new AgentException(ExitCode.RUNTIME_ERROR, "the saved plan " + planFile + " is stale, nothing was "
                + "applied; plan again:\n  " + String.join("\n  ", moved));
    }
}
