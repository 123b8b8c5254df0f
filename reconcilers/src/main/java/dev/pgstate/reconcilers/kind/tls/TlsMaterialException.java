package dev.pgstate.reconcilers.kind.tls;

/** TLS material that cannot be read or used: the message says which and why. */
public final class TlsMaterialException extends RuntimeException {

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
