package dev.pgstate.reconcilers.kind.tls;

import java.io.IOException;

/** What an apply that goes ahead does with what the CA store prepared: commits it. */
final class KeptInStore {

    private KeptInStore() {
    }

    static CaStore.InUse kept(CaStore.InUse inUse) throws IOException {
        inUse.changes().commit();
        return inUse;
    }

    static <T> T kept(CaStore.Prepared<T> prepared) throws IOException {
        prepared.changes().commit();
        return prepared.value();
    }
}
