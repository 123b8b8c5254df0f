package dev.pgstate.reconcilers.secret;

/** A message authentication code under a key the object holds: the tag of a whole message. */
public interface KeyedMac {

    /** The tag of {@code message}. */
    byte[] mac(byte[] message);
}
