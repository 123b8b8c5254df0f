package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.apply.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;

/**
 * Writes TLS files atomically with their owner, group and mode already set when they appear, so the server never
 * reads a half-written key or one with group or world access.
 *
 * @param defaultGroup the group of files whose spec names none (the data directory's)
 * @param beforeRename runs between a file being complete and its rename; tests use it to spoil a file
 */
public record TlsInstaller(GroupPrincipal defaultGroup, AtomicFile.BeforeRename beforeRename) {

    public void install(List<TlsFile> files) throws IOException {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        for (TlsFile file : files) {
            GroupPrincipal group = file.group() == null ? defaultGroup : users.lookupPrincipalByGroupName(file.group());
            AtomicFile.Ownership ownership = new AtomicFile.Ownership(users.lookupPrincipalByName(file.owner()), group,
                    Modes.permissions(file.mode()));
            Path parent = file.path().toAbsolutePath().getParent();
            if (parent != null && !parent.toFile().isDirectory()) {
                throw new IOException("the directory " + parent + " for " + file.path() + " does not exist");
            }
            AtomicFile.write(file.path(), file.content().getBytes(StandardCharsets.UTF_8), ownership, beforeRename);
        }
    }
}
