package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.live.ConfigFiles;

/**
 * What a {@link FileChange} is given to put its files in place.
 *
 * @param server   the server as the apply reaches it at that point (after a port change, on the new port)
 * @param listener hears of the change and of each file about to replace another
 * @param fileHook runs as each new file is about to appear; tests spoil one with it
 * @param reload   how the server is made to read its files again, and seen to have
 * @param files    where the server's config files and data directory are
 * @param rollbacks  where a change leaves what a rollback of the reload must put back and undo
 */
public record FileRun(Connector server, ApplyListener listener, AtomicFile.BeforeRename fileHook, ServerReload reload,
                      ConfigFiles files, FileRollbacks rollbacks) {
}
