package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.FileChange;
import dev.pgstate.reconcilers.core.apply.FileRun;
import dev.pgstate.reconcilers.core.failure.LocalFault;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Installs the TLS files that are missing or differ in content, owner, group or mode, before the reload that
 * makes the server read them. The attributes name each file with what is there and what will be; a
 * certificate is shown by its fingerprint and days to expiry, a key never by its content.
 *
 * @param served    the fingerprint of the certificate the server must serve once reloaded
 * @param caChanges what the state directory must keep for these files (a CA created or rotated, a CRL renewed):
 *                  committed only by the apply that installs them, undone when they go back
 */
public record InstallTlsFiles(List<TlsFile> files, List<AttributeChange<TlsFileAttribute>> attributes,
                       Fingerprint served, String reason, CaChanges caChanges) implements FileChange {
    public InstallTlsFiles {
        files = List.copyOf(files);
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(served, "served");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(caChanges, "caChanges");
    }

    public Address address() {
        return TlsKind.SERVER;
    }

    public Action action() {
        return Action.ALTER;
    }

    public Set<Risk> risks() {
        return files.stream().anyMatch(f -> f.role().secret()) ? Set.of(Risk.TOUCHES_SECRET) : Set.of();
    }

    @Override
    public Effect effect() {
        return Effect.RELOAD;
    }

    /** Before the reload (or restart) after the SQL changes, which makes the server read them. */
    @Override
    public Execution execution() {
        return Execution.FILES_BEFORE_EFFECTS;
    }

    /**
     * Keeps the files as they are and commits the CA changes, then installs the files (those whose spec names no group
     * take the data directory's); a failure puts both back. What a failed reload must undo is left with the run.
     */
    @Override
    public Optional<ApplyResult.Failure> carryOut(FileRun run) {
        Path dataDirectory = run.files().dataDirectory();
        try {
            GroupPrincipal group = Files.readAttributes(dataDirectory, PosixFileAttributes.class).group();
            TlsInstallation installed = TlsInstallation.install(files, caChanges,
                    new TlsInstaller(group, run.fileHook()));
            run.rollbacks().keep(this, installed.previousFiles(), installed::rollBackCa);
            return Optional.empty();
        } catch (TlsInstallation.Failed e) {
            return Optional.of(new ApplyResult.Failure(this, new LocalFault(e.getMessage()), ""));
        } catch (IOException e) {
            return Optional.of(new ApplyResult.Failure(this,
                    new LocalFault("cannot read the data directory " + dataDirectory + ": " + e), ""));
        }
    }
}
