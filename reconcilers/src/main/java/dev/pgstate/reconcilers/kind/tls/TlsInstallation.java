package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.apply.ConfigSnapshot;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One apply's TLS files installed together with the state directory they need (a CA created or rotated, a CRL
 * renewed): the files as they were (bytes, owner, group, mode) and what the CA's commit did, so that both go back
 * when the files cannot all be installed, or when their reload is never seen and the files are put back.
 *
 * @param previousFiles the TLS files before the install, for whoever puts them back after a failed reload
 * @param ca            what committing the CA changes did
 */
public record TlsInstallation(ConfigSnapshot previousFiles, CaChanges.Committed ca) {

    private static final Logger LOG = LoggerFactory.getLogger(TlsInstallation.class);

    public static final TlsInstallation NONE = new TlsInstallation(ConfigSnapshot.NONE, CaChanges.Committed.NOTHING);

    /** Why the install failed, with what became of the previous files and the state directory. */
    public static final class Failed extends IOException {
        Failed(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * Keeps the files as they are, commits {@code caChanges}, then writes the files; when any of it fails, what was
     * done is undone before the failure is thrown.
     */
    public static TlsInstallation install(List<TlsFile> files, CaChanges caChanges, TlsInstaller installer)
            throws Failed {
        ConfigSnapshot previous;
        CaChanges.Committed ca;
        try {
            previous = ConfigSnapshot.ownFiles(files.stream().map(TlsFile::path).toList());
            ca = caChanges.commit();
        } catch (IOException e) {
            throw new Failed("cannot keep the previous TLS files or the CA in the state directory ("
                    + FileFaults.describe(e) + "); nothing was changed", e);
        }
        TlsInstallation installation = new TlsInstallation(previous, ca);
        try {
            installer.install(files);
            return installation;
        } catch (IOException e) {
            throw new Failed("cannot install TLS files: " + FileFaults.describe(e) + "; " + installation.putBack(), e);
        }
    }

    /** After a failed install: the previous files and the state directory as they were. */
    private String putBack() {
        try {
            previousFiles.restore();
        } catch (IOException e) {
            return "the previous TLS files could not be put back (" + FileFaults.describe(e) + "): " + previousFiles
                    + " may hold new material" + rollBackCa().map(text -> "; " + text).orElse("");
        }
        return "the previous TLS files are back in place" + rollBackCa().map(text -> "; " + text).orElse("");
    }

    /**
     * The state directory as it was before the install, once the previous files are back: it must not hold a CA the
     * server was never given. A failure to do so is told, not thrown: the files are what the server reads.
     *
     * @return what could not be undone, if anything
     */
    public Optional<String> rollBackCa() {
        try {
            ca.rollBack();
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("the CA changes of this apply could not be undone: {}", FileFaults.describe(e));
            return Optional.of("the CA changes in the state directory could not be undone ("
                    + FileFaults.describe(e) + ")");
        }
    }
}
