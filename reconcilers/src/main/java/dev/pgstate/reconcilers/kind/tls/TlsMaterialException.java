package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.failure.EngineException;

/** TLS material that cannot be read or used: the message says which and why. */
public final class TlsMaterialException extends EngineException {

    public TlsMaterialException(String message) {
        super(Kind.RUNTIME, message, null);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(Kind.RUNTIME, message, cause);
    }
}
